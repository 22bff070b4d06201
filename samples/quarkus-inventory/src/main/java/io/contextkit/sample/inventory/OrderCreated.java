package io.contextkit.sample.inventory;

import org.jspecify.annotations.Nullable;

/**
 * Value of an {@code order-created} record as the orders service publishes it. The {@code userId}
 * in the payload is informational; who placed the order is taken from the record's context.
 */
public record OrderCreated(
    long orderId, @Nullable String sku, int quantity, @Nullable String userId) {}
