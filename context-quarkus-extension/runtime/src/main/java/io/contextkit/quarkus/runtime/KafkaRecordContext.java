package io.contextkit.quarkus.runtime;

import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.quarkus.runtime.internal.KafkaContexts;
import io.contextkit.quarkus.runtime.internal.TraceReports;
import io.quarkus.arc.Arc;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The context of one consumed Kafka record, for code that handles records itself — above all batch
 * consumers, whose one {@code @Incoming} call covers records of many requests:
 *
 * <pre>{@code
 * @Incoming("orders")
 * void consume(ConsumerRecords<String, Order> batch) {   // or List<ConsumerRecord<K, V>>
 *   KafkaRecordContext.forEachRecord(batch, record -> {
 *     handle(record.value());   // RequestContext.current(), MDC and logs are this record's
 *   });
 * }
 * }</pre>
 *
 * <p>The context is read from the record's headers with the application's trust policy, exactly as
 * for a single-record {@code @Incoming} method; malformed headers are dropped and counted. A record
 * that asks for TRACE without the trust to get it, or names {@code request_type} ambiguously (see
 * {@link io.contextkit.ContextPropagator}), has no context to run in: run as STANDARD it could
 * persist what its sender meant as a dry run. {@link #forEachRecord} skips and logs it, as the
 * single-record path does; {@link #of} and {@link #open} refuse it with an {@link
 * IllegalStateException}. Works wherever the ContextKit extension runs with {@code
 * quarkus-messaging-kafka}.
 */
public final class KafkaRecordContext {

  private KafkaRecordContext() {}

  /**
   * The context carried by {@code record}'s headers: a new unit of work; never throws for malformed
   * headers, which are dropped and counted.
   *
   * @throws IllegalStateException when the record must not be processed: it asks for TRACE from a
   *     sender that is not trusted, or its {@code request_type} is malformed or ambiguous
   */
  public static RequestContext of(ConsumerRecord<?, ?> record) {
    InboundContext inbound = extract(record);
    if (KafkaContexts.refuses(inbound)) {
      throw new IllegalStateException(KafkaContexts.refusal(record.topic(), inbound));
    }
    return inbound.context();
  }

  /**
   * Makes the context of {@code record} current until the returned scope is closed, which restores
   * the previous context of the thread.
   *
   * @throws IllegalStateException when the record must not be processed (see {@link #of})
   */
  public static ContextScope open(ConsumerRecord<?, ?> record) {
    return of(record).makeCurrent();
  }

  /**
   * Runs {@code action} once per record, each inside a scope holding that record's context, closed
   * before the next record. A record that must not be processed (see {@link #of}) is skipped and
   * logged, never run as STANDARD. An exception of {@code action} stops the iteration and is
   * rethrown. A TRACE record's report ({@code io.contextkit.trace} event, span attributes) is
   * published once when its scope closes, so it includes the transactions {@code action} ran.
   *
   * @param records the batch, in delivery order
   * @param action what to do with each record
   */
  @SuppressWarnings("try") // the scope is held for its effect
  public static <K, V> void forEachRecord(
      Iterable<ConsumerRecord<K, V>> records, Consumer<? super ConsumerRecord<K, V>> action) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(action, "action");
    for (ConsumerRecord<K, V> record : records) {
      InboundContext inbound = extract(record);
      if (KafkaContexts.refuses(inbound)) {
        KafkaContexts.logSkipped(record.topic(), inbound);
        continue;
      }
      try (ContextScope scope = inbound.context().makeCurrent()) {
        try {
          action.accept(record);
        } finally {
          TraceReports.publishConsumed(inbound.context(), "kafka", record.topic(), null);
        }
      }
    }
  }

  private static InboundContext extract(ConsumerRecord<?, ?> record) {
    return Arc.container()
        .instance(KafkaContexts.class)
        .get()
        .extractInbound(record.headers(), record.topic());
  }
}
