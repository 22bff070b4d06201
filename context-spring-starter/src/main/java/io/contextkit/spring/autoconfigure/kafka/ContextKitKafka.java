package io.contextkit.spring.autoconfigure.kafka;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.spring.autoconfigure.kafka.internal.ContextBatchInterceptor;
import io.contextkit.spring.autoconfigure.kafka.internal.KafkaHeaderAccess;
import io.contextkit.spring.autoconfigure.messaging.InboundMessages;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Per-record context for Kafka <b>batch</b> listeners, which spring-kafka (and every tracer) runs
 * with no per-record context (spring-cloud-stream#2926, spring-kafka#3872).
 *
 * <p>A batch listener starts from the empty context (the auto-configured batch interceptor drops
 * anything the thread held). To process each record in its own context, receive the records ({@code
 * List<ConsumerRecord<K, V>>} or {@code ConsumerRecords<K, V>}) and iterate with {@link
 * #forEachRecord}:
 *
 * <pre>{@code
 * @KafkaListener(topics = "orders", batch = "true")
 * void onOrders(List<ConsumerRecord<String, String>> records) {
 *   ContextKitKafka.forEachRecord(records, record -> {
 *     log.info("order {}", record.value());   // request_id, user_id of this record
 *     kafkaTemplate.send("invoices", record.value()); // carries this record's context on
 *   });
 * }
 * }</pre>
 *
 * <p>Thread-safe; call it on the listener thread.
 */
public final class ContextKitKafka {

  private ContextKitKafka() {}

  /**
   * Runs {@code action} once per record, each inside a scope holding that record's context
   * (extracted as a record listener would: barrier, trust by signature only). The scope is closed
   * before the next record, so nothing of one record's context reaches the next.
   *
   * <p>A TRACE record's report ({@code io.contextkit.trace} log event, span attributes) is
   * published once when its scope closes, so it includes the transactions {@code action} ran; a
   * transaction the container opens around the whole batch ends after that and is not in it.
   *
   * <p>A record asking for TRACE without the trust to get it is skipped and logged, as a record
   * listener would skip it. When {@code action} throws, iteration stops and the exception is
   * rethrown as a {@link BatchListenerFailedException} naming the failed record (unless it already
   * is one), so spring-kafka's {@code DefaultErrorHandler} commits the records before it and
   * retries from the failed one; the batch error handler then runs in the failed record's context.
   *
   * <p>The propagator is the one of the auto-configured container factory delivering the batch;
   * outside such a batch (a container the starter did not configure) it is {@link
   * ContextPropagator#defaults()}, which trusts no producer.
   *
   * @param records the batch, in delivery order
   * @param action what to do with each record
   */
  @SuppressWarnings("try") // the scope is held for its effect
  public static <K, V> void forEachRecord(
      Iterable<ConsumerRecord<K, V>> records, Consumer<? super ConsumerRecord<K, V>> action) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(action, "action");
    ContextPropagator active = ContextBatchInterceptor.activePropagator();
    ContextPropagator propagator = active != null ? active : ContextPropagator.defaults();
    for (ConsumerRecord<K, V> record : records) {
      InboundContext inbound =
          InboundMessages.enter(propagator, record.headers(), KafkaHeaderAccess.INSTANCE);
      if (!InboundMessages.refuses(inbound, "Kafka", record.topic())) {
        try (ContextScope scope = inbound.context().makeCurrent()) {
          try {
            action.accept(record);
          } finally {
            TraceReports.publishConsumed(
                inbound.context(), "kafka", record.topic(), KafkaUtils.getConsumerGroupId());
          }
        } catch (BatchListenerFailedException e) {
          ContextBatchInterceptor.recordFailed(inbound);
          throw e;
        } catch (RuntimeException e) {
          ContextBatchInterceptor.recordFailed(inbound);
          throw new BatchListenerFailedException(
              "Listener failed on record "
                  + record.topic()
                  + "-"
                  + record.partition()
                  + "@"
                  + record.offset(),
              e,
              record);
        }
      }
    }
  }
}
