package com.example.orders;

import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@code order-created}. The starter puts the context on every record; under TRACE the
 * record is captured, not sent, because the topic is not an internal destination.
 */
@Component
final class OrderEvents {

  static final String TOPIC = "order-created";

  private final KafkaTemplate<String, String> kafka;
  private final JsonMapper json;

  OrderEvents(KafkaTemplate<String, String> kafka, JsonMapper json) {
    this.kafka = kafka;
    this.json = json;
  }

  void created(Order order) {
    String value =
        json.writeValueAsString(
            new OrderCreated(order.id(), order.sku(), order.quantity(), order.userId()));
    // Waits for the broker: an order whose event was not published rolls back with the
    // transaction instead of answering CREATED.
    kafka.send(TOPIC, Long.toString(order.id()), value).join();
  }

  record OrderCreated(long orderId, String sku, int quantity, @Nullable String userId) {}
}
