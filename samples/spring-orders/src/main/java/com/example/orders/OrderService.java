package com.example.orders;

import io.contextkit.RequestContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places and reads orders. The same code runs for STANDARD and TRACE requests: under TRACE the
 * starter rolls the transaction back, does not call the payment provider and captures the Kafka
 * record, and the inventory service runs its part as TRACE too.
 *
 * <p>Not final: {@code @Transactional} works through a subclass proxy.
 */
@Service
class OrderService {

  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

  @PersistenceContext private EntityManager entities;

  private final Pricing pricing;
  private final InventoryClient inventory;
  private final PaymentClient payments;
  private final OrderEvents events;
  private final OrderAudit audit;

  OrderService(
      Pricing pricing,
      InventoryClient inventory,
      PaymentClient payments,
      OrderEvents events,
      OrderAudit audit) {
    this.pricing = pricing;
    this.inventory = inventory;
    this.payments = payments;
    this.events = events;
    this.audit = audit;
  }

  /** Persists the order, reserves the stock, charges the payment, publishes order-created. */
  @Transactional
  public PlacedOrder place(String sku, int quantity) {
    Pricing.Price price = pricing.current();
    // The user comes from the request context: the authenticated caller, or a signed upstream hop.
    Order order =
        new Order(
            sku, quantity, price.unitPriceCents(), price.name(), RequestContext.current().userId());
    // IDENTITY: the insert runs now, so the id exists for the calls below.
    entities.persist(order);
    InventoryClient.Reservation reservation = inventory.reserve(order.id(), sku, quantity);
    PaymentClient.Charge charge =
        payments.charge(order.id(), (long) price.unitPriceCents() * quantity);
    events.created(order);
    LOG.info(
        "order {} placed: {} x {} at {} cents ({} pricing), reservation {}, payment {}",
        order.id(),
        quantity,
        sku,
        price.unitPriceCents(),
        price.name(),
        reservation.id(),
        charge.id());
    audit.placed(order.id(), String.valueOf(order.userId()));
    return new PlacedOrder(order, reservation.id(), charge.id());
  }

  @Transactional(readOnly = true)
  public Optional<Order> find(long id) {
    return Optional.ofNullable(entities.find(Order.class, id));
  }

  /**
   * An order just placed, with what the inventory and the payment provider answered.
   *
   * @param order the persisted order
   * @param reservationId the inventory's reservation id
   * @param paymentId the payment provider's charge id
   */
  record PlacedOrder(Order order, @Nullable Long reservationId, @Nullable String paymentId) {}
}
