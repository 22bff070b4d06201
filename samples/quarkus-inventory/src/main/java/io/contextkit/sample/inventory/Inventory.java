package io.contextkit.sample.inventory;

import io.contextkit.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The inventory's writes and reads. Who acts is always the current {@link RequestContext}: the
 * signed context of the calling service or of the consumed record, never a request body field.
 */
// Not final: CDI proxies it and the transaction interceptor subclasses it.
@ApplicationScoped
public class Inventory {

  private static final Logger LOG = Logger.getLogger(Inventory.class);

  private final EntityManager entityManager;

  @Inject
  Inventory(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Persists a {@link Reservation#RESERVED} reservation for the current user. */
  @Transactional
  public Reservation reserve(long orderId, String sku, int quantity) {
    RequestContext context = RequestContext.current();
    Reservation reservation = new Reservation(orderId, sku, quantity, context.userId());
    entityManager.persist(reservation);
    entityManager.flush();
    LOG.infof(
        "Reserved %d x %s for order %d as reservation %d",
        quantity, sku, orderId, reservation.getId());
    return reservation;
  }

  /**
   * Marks the reservations of {@code orderId} confirmed and records the {@code order-created} event
   * with the current context's user and request id, in one transaction.
   */
  @Transactional
  public OrderEvent confirm(long orderId) {
    RequestContext context = RequestContext.current();
    List<Reservation> reservations = reservations(orderId);
    for (Reservation reservation : reservations) {
      reservation.confirm();
    }
    OrderEvent event =
        new OrderEvent(orderId, OrderEvent.ORDER_CREATED, context.userId(), context.requestId());
    entityManager.persist(event);
    LOG.infof("Confirmed %d reservation(s) of order %d", reservations.size(), orderId);
    return event;
  }

  /** The reservations of {@code orderId}, oldest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<ReservationView> list(long orderId) {
    List<ReservationView> views = new ArrayList<>();
    for (Reservation reservation : reservations(orderId)) {
      views.add(ReservationView.of(reservation));
    }
    return views;
  }

  private List<Reservation> reservations(long orderId) {
    return entityManager
        .createQuery(
            "select r from Reservation r where r.orderId = :orderId order by r.id",
            Reservation.class)
        .setParameter("orderId", orderId)
        .getResultList();
  }
}
