package io.contextkit.quarkus.channels;

import io.contextkit.RequestContext;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records, per payload, the request type (and user) each consumer ran with. The payments queues
 * stand for a third party's consumer: what reaches them went through the broker.
 */
@ApplicationScoped
public class Consumers {

  public static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  @Incoming("amqp-payments-in")
  @Blocking
  public void amqpPayment(String id) {
    record("amqp-payments", id);
  }

  @Incoming("amqp-audit-in")
  @Blocking
  public void amqpAudit(String id) {
    record("amqp-audit", id);
  }

  @Incoming("jms-payments-in")
  @Blocking
  public void jmsPayment(String id) {
    record("jms-payments", id);
  }

  @Incoming("jms-audit-in")
  @Blocking
  public void jmsAudit(String id) {
    record("jms-audit", id);
  }

  private static void record(String queue, String id) {
    RequestContext context = RequestContext.current();
    SEEN.put(
        queue + "/" + id,
        context.requestType().name() + " " + (context.userId() == null ? "-" : context.userId()));
  }
}
