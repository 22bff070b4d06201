package io.contextkit.sample.inventory;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;

/** Reads the application's tables the way the demo does: committed rows, fresh each time. */
final class Rows {

  private Rows() {}

  static List<Reservation> reservations(long orderId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                em().createQuery(
                        "select r from Reservation r where r.orderId = :id order by r.id",
                        Reservation.class)
                    .setParameter("id", orderId)
                    .getResultList());
  }

  static List<OrderEvent> events(long orderId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                em().createQuery(
                        "select e from OrderEvent e where e.orderId = :id order by e.id",
                        OrderEvent.class)
                    .setParameter("id", orderId)
                    .getResultList());
  }

  /** Waits up to 30 s for the first event row of {@code orderId}. */
  static OrderEvent awaitEvent(long orderId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      List<OrderEvent> events = events(orderId);
      if (!events.isEmpty()) {
        return events.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("No order_events row for order " + orderId + " within 30 s");
  }

  private static EntityManager em() {
    return Arc.container().instance(EntityManager.class).get();
  }
}
