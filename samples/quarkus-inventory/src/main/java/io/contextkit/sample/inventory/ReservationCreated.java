package io.contextkit.sample.inventory;

/** Answer of {@code POST /reservations}. */
public record ReservationCreated(long id, long orderId, String status) {}
