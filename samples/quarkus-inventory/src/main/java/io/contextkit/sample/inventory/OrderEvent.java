package io.contextkit.sample.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One order event the inventory handled, with the context it was handled in: the demo joins these
 * rows with the orders service's rows by {@code request_id}.
 */
// Not final: Hibernate proxies entities.
@Entity
@Table(name = "order_events")
public class OrderEvent {

  /** The event recorded for an {@code order-created} record. */
  public static final String ORDER_CREATED = "order-created";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private @Nullable Long id;

  @Column(name = "order_id", nullable = false)
  private long orderId;

  @Column(name = "event", nullable = false)
  private String event = "";

  @Column(name = "user_id")
  private @Nullable String userId;

  @Column(name = "request_id")
  private @Nullable String requestId;

  /** For Hibernate. */
  protected OrderEvent() {}

  /** A new event row. */
  public OrderEvent(
      long orderId, String event, @Nullable String userId, @Nullable String requestId) {
    this.orderId = orderId;
    this.event = event;
    this.userId = userId;
    this.requestId = requestId;
  }

  public @Nullable Long getId() {
    return id;
  }

  public long getOrderId() {
    return orderId;
  }

  public String getEvent() {
    return event;
  }

  public @Nullable String getUserId() {
    return userId;
  }

  public @Nullable String getRequestId() {
    return requestId;
  }
}
