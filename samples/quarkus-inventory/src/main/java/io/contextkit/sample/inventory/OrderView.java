package io.contextkit.sample.inventory;

import org.jspecify.annotations.Nullable;

/** The part of the orders service's {@code GET /orders/{id}} answer the inventory reads. */
public record OrderView(long id, @Nullable String sku, int quantity, @Nullable String status) {}
