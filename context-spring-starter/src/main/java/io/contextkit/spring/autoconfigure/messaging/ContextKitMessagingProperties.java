package io.contextkit.spring.autoconfigure.messaging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the messaging integrations, under {@code contextkit.messaging}.
 *
 * <p>Trust on the way in: a message has no remote address, so its identity fields ({@code user_id},
 * {@code account_id}, {@code tester}, {@code license}, {@code request_type}) and its request id are
 * accepted only with a valid context signature, i.e. from a producer of the same deployment holding
 * the shared signing keys ({@code contextkit.trust.*}). Anything else keeps only the trace
 * (continued or restarted per the trust policy).
 */
@ConfigurationProperties("contextkit.messaging")
public final class ContextKitMessagingProperties {

  /**
   * Topic, queue and exchange name patterns inside the trust boundary, which get the full context
   * (identity baggage, request id, signature); every other destination gets the trust policy's
   * third-party treatment (contextkit.trust.third-party-policy: traceparent and tracestate by
   * default). Patterns are names in which * stands for any characters (orders, orders.*, *-audit,
   * *). Empty by default: nothing but the trace leaves for a destination nobody declared internal.
   */
  private List<String> internalDestinations = new ArrayList<>();

  private final Broker kafka = new Broker();

  private final Broker jms = new Broker();

  private final Broker amqp = new Broker();

  public List<String> getInternalDestinations() {
    return internalDestinations;
  }

  public void setInternalDestinations(List<String> internalDestinations) {
    this.internalDestinations = internalDestinations;
  }

  /** Kafka (spring-kafka) settings. */
  public Broker getKafka() {
    return kafka;
  }

  /** JMS (spring-jms) settings. */
  public Broker getJms() {
    return jms;
  }

  /** AMQP (spring-rabbit) settings. */
  public Broker getAmqp() {
    return amqp;
  }

  /** Settings of one broker integration. */
  public static final class Broker {

    /** Whether to carry the request context through this broker's producers and listeners. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
