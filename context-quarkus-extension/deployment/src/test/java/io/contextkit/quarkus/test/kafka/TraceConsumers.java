package io.contextkit.quarkus.test.kafka;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

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

  public static final Map<String, String> LEDGER = new ConcurrentHashMap<>();

  public static final Map<String, String> RELAY = new ConcurrentHashMap<>();

  /**
   * A processor: its output goes to an external topic, so under TRACE it is captured after the
   * method returned — and must still be in the consumed message's report.
   */
  @Incoming("relay-in")
  @Outgoing("relay-out")
  public String relay(String id) {
    RELAY.put(id, RequestContext.current().requestType().name());
    return "relayed-" + id;
  }

  /** Records what a guard would: the report of a TRACE message must show it. */
  @Incoming("audit-in")
  @Blocking
  public void audit(String id) {
    RequestContext.current()
        .sideEffects()
        .record(new SideEffect(SideEffect.Kind.CACHE, "audit-cache", "put " + id));
    AUDIT.put(id, RequestContext.current().requestType().name());
  }

  /**
   * Ends its work later than it returns: the effect recorded 300 ms after the call must be in the
   * message's report, which is hence published when the {@code Uni} terminates.
   */
  @Incoming("ledger-in")
  public Uni<Void> ledger(String id) {
    RequestContext context = RequestContext.current();
    return Uni.createFrom()
        .voidItem()
        .onItem()
        .delayIt()
        .by(Duration.ofMillis(300))
        .invoke(
            () -> {
              context
                  .sideEffects()
                  .record(new SideEffect(SideEffect.Kind.CACHE, "ledger-cache", "put " + id));
              LEDGER.put(id, context.requestType().name());
            });
  }
}
