package io.contextkit.spring.autoconfigure.trace.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order with an IDENTITY id (inserted at persist time). */
@Entity
@Table(name = "purchase_order")
public class PurchaseOrder {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(nullable = false, unique = true)
  String ref;

  int amount;

  protected PurchaseOrder() {}

  PurchaseOrder(String ref, int amount) {
    this.ref = ref;
    this.amount = amount;
  }
}
