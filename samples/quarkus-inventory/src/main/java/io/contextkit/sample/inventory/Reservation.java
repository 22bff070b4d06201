package io.contextkit.sample.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** Stock held for one order; {@code user_id} is whoever the request context says placed it. */
// Not final: Hibernate proxies entities.
@Entity
// Every consumed order-created record and GET /reservations look reservations up by order: without
// this index each lookup scanned the whole table, and the stress soak found H2's page cache holding
// every page of it on the heap (the service's heap grew with the table).
@Table(
    name = "reservations",
    indexes = @Index(name = Reservation.ORDER_ID_INDEX, columnList = "order_id"))
public class Reservation {

  /** The index on {@code order_id}, which every lookup of an order's reservations uses. */
  static final String ORDER_ID_INDEX = "reservations_order_id";

  /** Status of a reservation made by {@code POST /reservations}. */
  public static final String RESERVED = "RESERVED";

  /** Status once the orders service has confirmed the order over Kafka. */
  public static final String CONFIRMED = "CONFIRMED";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private @Nullable Long id;

  @Column(name = "order_id", nullable = false)
  private long orderId;

  @Column(name = "sku", nullable = false)
  private String sku = "";

  @Column(name = "quantity", nullable = false)
  private int quantity;

  @Column(name = "user_id")
  private @Nullable String userId;

  @Column(name = "status", nullable = false)
  private String status = RESERVED;

  /** For Hibernate. */
  protected Reservation() {}

  /** A new reservation in status {@link #RESERVED}. */
  public Reservation(long orderId, String sku, int quantity, @Nullable String userId) {
    this.orderId = orderId;
    this.sku = sku;
    this.quantity = quantity;
    this.userId = userId;
  }

  /** The generated id; {@code null} until persisted. */
  public @Nullable Long getId() {
    return id;
  }

  public long getOrderId() {
    return orderId;
  }

  public String getSku() {
    return sku;
  }

  public int getQuantity() {
    return quantity;
  }

  public @Nullable String getUserId() {
    return userId;
  }

  public String getStatus() {
    return status;
  }

  /** Marks the reservation {@link #CONFIRMED}. */
  public void confirm() {
    this.status = CONFIRMED;
  }
}
