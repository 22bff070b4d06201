package io.contextkit.sample.inventory;

import org.jspecify.annotations.Nullable;

/** One reservation as {@code GET /reservations} lists it. */
public record ReservationView(
    long id, long orderId, String sku, int quantity, @Nullable String userId, String status) {

  static ReservationView of(Reservation reservation) {
    Long id = reservation.getId();
    return new ReservationView(
        id == null ? 0L : id,
        reservation.getOrderId(),
        reservation.getSku(),
        reservation.getQuantity(),
        reservation.getUserId(),
        reservation.getStatus());
  }
}
