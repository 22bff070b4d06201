package io.contextkit.spring.autoconfigure.amqp;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.spring.autoconfigure.amqp.internal.AmqpHeaderAccess;
import io.contextkit.spring.autoconfigure.amqp.internal.ContextListenerAdvice;
import io.contextkit.spring.autoconfigure.messaging.InboundMessages;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * Per-message context for Rabbit <b>batch</b> listeners, which Spring AMQP's observation does not
 * cover at all. A batch listener starts from the empty context; to process each message in its own,
 * receive the messages ({@code List<Message>}) and iterate with {@link #forEachMessage}:
 *
 * <pre>{@code
 * @RabbitListener(queues = "orders", containerFactory = "batchFactory")
 * void onOrders(List<Message> messages) {
 *   ContextKitRabbit.forEachMessage(messages, message -> handle(message));
 * }
 * }</pre>
 *
 * <p>Thread-safe; call it on the listener thread.
 */
public final class ContextKitRabbit {

  private ContextKitRabbit() {}

  /**
   * Runs {@code action} once per message, each inside a scope holding that message's context
   * (extracted as a single-message listener would: barrier, trust by signature only), closed before
   * the next message; a TRACE message's report is published once as its scope closes. A message
   * asking for TRACE without the trust to get it is skipped and logged. An exception from {@code
   * action} stops the iteration and propagates unchanged.
   *
   * <p>The propagator is the one of the auto-configured container delivering the batch; outside
   * such a batch it is {@link ContextPropagator#defaults()}, which trusts no producer.
   */
  @SuppressWarnings("try") // the scope is held for its effect
  public static void forEachMessage(Iterable<Message> messages, Consumer<? super Message> action) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(action, "action");
    ContextPropagator active = ContextListenerAdvice.activeBatchPropagator();
    ContextPropagator propagator = active != null ? active : ContextPropagator.defaults();
    for (Message message : messages) {
      MessageProperties properties = message.getMessageProperties();
      InboundContext inbound =
          InboundMessages.enter(propagator, properties, AmqpHeaderAccess.INSTANCE);
      String queue = properties.getConsumerQueue();
      String destination = queue == null ? "unknown" : queue;
      if (!InboundMessages.refuses(inbound, "AMQP", destination)) {
        try (ContextScope scope = inbound.context().makeCurrent()) {
          try {
            action.accept(message);
          } finally {
            TraceReports.publishConsumed(inbound.context(), "rabbitmq", destination, null);
          }
        }
      }
    }
  }
}
