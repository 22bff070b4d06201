package io.contextkit.sample.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Consumes {@code order-created}: reads the order back from the orders service, then confirms the
 * reservation and records the event. The extension runs this method in the record's context (from
 * its headers, trusted when signed), so the call back to the orders service and the event row carry
 * the context of the request that placed the order. The audit line is written on the managed
 * executor, which carries the record's context to its thread.
 */
// Not final: CDI proxies application-scoped beans.
@ApplicationScoped
public class OrderCreatedConsumer {

  private static final Logger LOG = Logger.getLogger(OrderCreatedConsumer.class);

  static final int READ_BACK_ATTEMPTS = 10;
  static final long READ_BACK_PAUSE_MS = 200;

  private final OrdersClient orders;
  private final Inventory inventory;
  private final ObjectMapper json;
  private final ManagedExecutor executor;

  @Inject
  OrderCreatedConsumer(
      @RestClient OrdersClient orders,
      Inventory inventory,
      ObjectMapper json,
      ManagedExecutor executor) {
    this.orders = orders;
    this.inventory = inventory;
    this.json = json;
    this.executor = executor;
  }

  /**
   * The order as the orders service answers it. The orders service publishes the record before its
   * transaction commits (so that an order whose record was not sent rolls back), so a record can
   * arrive before its order is readable: a 404 is asked again, {@value #READ_BACK_ATTEMPTS} times
   * at most, {@value #READ_BACK_PAUSE_MS} ms apart. Any other failure, or an order still unknown
   * after that (its transaction rolled back), fails the record at once.
   */
  private OrderView readBack(long orderId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return orders.get(orderId);
      } catch (WebApplicationException e) {
        if (e.getResponse().getStatus() != 404 || attempt == READ_BACK_ATTEMPTS) {
          throw e;
        }
      }
      try {
        Thread.sleep(READ_BACK_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for order " + orderId, e);
      }
    }
  }

  /**
   * Handles one record. A malformed value is logged and skipped; a failing call to the orders
   * service fails the record (the channel's failure strategy decides what happens next).
   */
  @Incoming("order-created")
  @Blocking
  public void consume(String value) {
    OrderCreated created;
    try {
      created = json.readValue(value, OrderCreated.class);
    } catch (JsonProcessingException e) {
      // Never echo the payload: it comes from outside.
      LOG.warnf("Skipping an order-created record that is not an order (%d chars)", value.length());
      return;
    }
    OrderView order = readBack(created.orderId());
    LOG.infof("Order %d is %s", order.id(), order.status());
    inventory.confirm(created.orderId());
    // Waited for: the record counts as handled once its audit line is written.
    executor.runAsync(() -> LOG.infof("Order %d audited", order.id())).join();
  }
}
