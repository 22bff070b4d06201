package io.contextkit.sample.inventory;

import org.jspecify.annotations.Nullable;

/** Body of {@code POST /reservations}; validated by the resource. */
public record ReservationRequest(long orderId, @Nullable String sku, int quantity) {}
