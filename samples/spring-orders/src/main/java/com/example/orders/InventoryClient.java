package com.example.orders;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reserves stock at the inventory service. The inventory is inside the trust boundary: it receives
 * the full, signed context, and under TRACE it must acknowledge with {@code Trace-Applied}.
 */
@Component
final class InventoryClient {

  private final RestClient http;
  private final String url;

  InventoryClient(RestClient http, OrdersProperties properties) {
    this.http = http;
    this.url = properties.inventoryUrl() + "/reservations";
  }

  Reservation reserve(long orderId, String sku, int quantity) {
    Reservation reservation =
        http.post()
            .uri(url)
            .contentType(MediaType.APPLICATION_JSON)
            .body(new ReservationRequest(orderId, sku, quantity))
            .retrieve()
            .body(Reservation.class);
    if (reservation == null) {
      throw new IllegalStateException("inventory answered without a reservation");
    }
    return reservation;
  }

  record ReservationRequest(long orderId, String sku, int quantity) {}

  record Reservation(@Nullable Long id, @Nullable Long orderId, @Nullable String status) {}
}
