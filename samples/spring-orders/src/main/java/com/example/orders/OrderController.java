package com.example.orders;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;

/** {@code POST /orders} and {@code GET /orders/{id}}. */
@RestController
@RequestMapping("/orders")
final class OrderController {

  private static final Logger LOG = LoggerFactory.getLogger(OrderController.class);

  private final OrderService orders;

  OrderController(OrderService orders) {
    this.orders = orders;
  }

  @PostMapping
  ResponseEntity<?> place(@RequestBody OrderRequest request) {
    String sku = request.sku();
    Integer quantity = request.quantity();
    if (sku == null || sku.isBlank() || quantity == null || quantity < 1) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "sku (non-blank) and quantity (at least 1) are required"));
    }
    OrderService.PlacedOrder placed = orders.place(sku, quantity);
    Order order = placed.order();
    return ResponseEntity.created(URI.create("/orders/" + order.id()))
        .body(OrderView.of(order, placed.reservationId(), placed.paymentId()));
  }

  @GetMapping("/{id}")
  ResponseEntity<OrderView> get(@PathVariable long id) {
    Optional<Order> order = orders.find(id);
    if (order.isEmpty()) {
      LOG.info("order {} not found", id);
      return ResponseEntity.notFound().build();
    }
    LOG.info("order {} read", id);
    return ResponseEntity.ok(OrderView.of(order.get(), null, null));
  }

  /** The inventory or the payment provider failed, or a TRACE hop was not acknowledged. */
  @ExceptionHandler(RestClientException.class)
  ResponseEntity<Map<String, String>> downstreamFailed(RestClientException e) {
    LOG.warn("order not placed: a downstream call failed", e);
    return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
        .body(Map.of("error", "a downstream service failed"));
  }

  /**
   * The body of {@code POST /orders}.
   *
   * @param sku the article
   * @param quantity how many, at least 1
   */
  record OrderRequest(@Nullable String sku, @Nullable Integer quantity) {}

  /** The JSON shape of an order; the reservation and payment ids only right after placing it. */
  record OrderView(
      long id,
      String sku,
      int quantity,
      int unitPriceCents,
      String pricing,
      @Nullable Long reservationId,
      @Nullable String paymentId,
      String status) {

    static OrderView of(Order order, @Nullable Long reservationId, @Nullable String paymentId) {
      return new OrderView(
          order.id(),
          order.sku(),
          order.quantity(),
          order.unitPriceCents(),
          order.pricing(),
          reservationId,
          paymentId,
          order.status());
    }
  }
}
