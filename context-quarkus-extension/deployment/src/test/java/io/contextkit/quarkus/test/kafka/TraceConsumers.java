package io.contextkit.quarkus.test.kafka;

import io.contextkit.RequestContext;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records, per payload, the request type each consumer ran with. */
@ApplicationScoped
public class TraceConsumers {

  public static final Map<String, String> PAYMENTS = new ConcurrentHashMap<>();
  public static final Map<String, String> AUDIT = new ConcurrentHashMap<>();

  @Incoming("payments-in")
  @Blocking
  public void payment(String id) {
    PAYMENTS.put(id, RequestContext.current().requestType().name());
  }

  @Incoming("audit-in")
  @Blocking
  public void audit(String id) {
    AUDIT.put(id, RequestContext.current().requestType().name());
  }
}
