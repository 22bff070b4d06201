package com.example.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** An order as stored in table {@code orders}. Not final: Hibernate subclasses entities. */
@Entity
@Table(name = "orders")
class Order {

  static final String CREATED = "CREATED";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private @Nullable Long id;

  @Column(nullable = false)
  private String sku = "";

  @Column(nullable = false)
  private int quantity;

  @Column(name = "unit_price_cents", nullable = false)
  private int unitPriceCents;

  @Column(nullable = false)
  private String pricing = "";

  @Column(name = "user_id")
  private @Nullable String userId;

  @Column(nullable = false)
  private String status = CREATED;

  protected Order() {}

  Order(String sku, int quantity, int unitPriceCents, String pricing, @Nullable String userId) {
    this.sku = sku;
    this.quantity = quantity;
    this.unitPriceCents = unitPriceCents;
    this.pricing = pricing;
    this.userId = userId;
  }

  /** The id; assigned by the database when the order is persisted. */
  long id() {
    if (id == null) {
      throw new IllegalStateException("order not persisted yet");
    }
    return id;
  }

  String sku() {
    return sku;
  }

  int quantity() {
    return quantity;
  }

  int unitPriceCents() {
    return unitPriceCents;
  }

  String pricing() {
    return pricing;
  }

  @Nullable String userId() {
    return userId;
  }

  String status() {
    return status;
  }
}
