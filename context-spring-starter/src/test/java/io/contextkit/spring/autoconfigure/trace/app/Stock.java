package io.contextkit.spring.autoconfigure.trace.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Stock with an assigned id, for merge and remove. */
@Entity
@Table(name = "stock")
public class Stock {
  @Id String sku;

  int quantity;

  protected Stock() {}

  Stock(String sku, int quantity) {
    this.sku = sku;
    this.quantity = quantity;
  }
}
