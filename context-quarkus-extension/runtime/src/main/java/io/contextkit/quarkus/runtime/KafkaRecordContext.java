package io.contextkit.quarkus.runtime;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.quarkus.runtime.internal.KafkaContexts;
import io.quarkus.arc.Arc;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The context of one consumed Kafka record, for code that handles records itself — above all batch
 * consumers, whose one {@code @Incoming} call covers records of many requests:
 *
 * <pre>{@code
 * @Incoming("orders")
 * void consume(ConsumerRecords<String, Order> batch) {   // or List<ConsumerRecord<K, V>>
 *   for (ConsumerRecord<String, Order> record : batch) {
 *     try (ContextScope scope = KafkaRecordContext.open(record)) {
 *       handle(record.value());   // RequestContext.current(), MDC and logs are this record's
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>The context is read from the record's headers with the application's trust policy, exactly as
 * for a single-record {@code @Incoming} method; malformed headers are dropped and counted. Works
 * wherever the ContextKit extension runs with {@code quarkus-messaging-kafka}.
 */
public final class KafkaRecordContext {

  private KafkaRecordContext() {}

  /** The context carried by {@code record}'s headers: a new unit of work; never throws for them. */
  public static RequestContext of(ConsumerRecord<?, ?> record) {
    return Arc.container()
        .instance(KafkaContexts.class)
        .get()
        .extract(record.headers(), record.topic());
  }

  /**
   * Makes the context of {@code record} current until the returned scope is closed, which restores
   * the previous context of the thread.
   */
  public static ContextScope open(ConsumerRecord<?, ?> record) {
    return of(record).makeCurrent();
  }
}
