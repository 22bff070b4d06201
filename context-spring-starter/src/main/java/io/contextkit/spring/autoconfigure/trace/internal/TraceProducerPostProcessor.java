package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.TraceGuardProducer;
import io.contextkit.spring.autoconfigure.messaging.ResolvedOnce;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Wraps every producer a spring-kafka {@code ProducerFactory} creates in a {@link
 * TraceGuardProducer}: under TRACE, records to topics outside {@code
 * contextkit.messaging.internal-destinations} are captured (never sent), records to internal topics
 * are sent with the context ({@code request_type=TRACE}). STANDARD sends are untouched.
 *
 * <p>The guard and the propagator are resolved when the first producer is created, so adding this
 * to a factory does not initialise them early. Thread-safe.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceProducerPostProcessor implements ProducerPostProcessor<Object, Object> {

  private final Supplier<MessageTraceGuard> guard;
  private final Supplier<ContextPropagator> propagator;

  /**
   * @param guard decides per record, resolved once on first use
   * @param propagator writes the context onto forwarded records, resolved once on first use
   */
  public TraceProducerPostProcessor(
      Supplier<MessageTraceGuard> guard, Supplier<ContextPropagator> propagator) {
    this.guard = ResolvedOnce.of(guard);
    this.propagator = ResolvedOnce.of(propagator);
  }

  @Override
  public Producer<Object, Object> apply(Producer<Object, Object> producer) {
    return TraceGuardProducer.wrap(producer, guard.get(), propagator.get());
  }
}
