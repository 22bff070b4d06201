package io.contextkit.noop;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.HeaderSetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka {@link Producer} decorator that applies a {@link MessageTraceGuard} to every {@code send}
 * (kafka-clients is an optional dependency; only this class needs it).
 *
 * <pre>{@code
 * Producer<String, Order> producer =
 *     TraceGuardProducer.wrap(new KafkaProducer<>(config), guard, propagator);
 * }</pre>
 *
 * <p>STANDARD sends go to the wrapped producer unchanged. Under TRACE (read from {@link
 * RequestContext#current()} at {@code send}):
 *
 * <ul>
 *   <li>captured topics never reach the broker: {@code send} returns a completed future with
 *       synthetic {@link RecordMetadata} (the record's partition or 0, offset {@code -1} — Kafka's
 *       "unknown" — and the record's timestamp or now) and invokes the callback with it on the
 *       calling thread;
 *   <li>internal topics receive a copy of the record whose headers carry the full context ({@code
 *       baggage} with {@code request_type=TRACE}, {@code traceparent}...), replacing any earlier
 *       value of those headers.
 * </ul>
 *
 * <p>Transactions, flushes and metadata calls are forwarded unchanged. Thread-safe if the wrapped
 * producer is.
 */
public final class TraceGuardProducer<K, V> implements Producer<K, V>, TraceGuarded {

  private static final HeaderSetter<Headers> SETTER =
      (headers, name, value) -> {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
      };

  private final Producer<K, V> delegate;
  private final MessageTraceGuard guard;
  private final ContextPropagator propagator;

  private TraceGuardProducer(
      Producer<K, V> delegate, MessageTraceGuard guard, ContextPropagator propagator) {
    this.delegate = delegate;
    this.guard = guard;
    this.propagator = propagator;
  }

  /** Guards {@code delegate}; returns it unchanged when it is already guarded. */
  public static <K, V> Producer<K, V> wrap(
      Producer<K, V> delegate, MessageTraceGuard guard, ContextPropagator propagator) {
    Objects.requireNonNull(delegate, "delegate");
    if (delegate instanceof TraceGuardProducer) {
      return delegate;
    }
    return new TraceGuardProducer<>(
        delegate,
        Objects.requireNonNull(guard, "guard"),
        Objects.requireNonNull(propagator, "propagator"));
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return send(record, null);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, @Nullable Callback callback) {
    RequestContext ctx = RequestContext.current();
    switch (guard.decide(ctx, record.topic())) {
      case CAPTURE:
        // Never sent: a synthetic TRACE call of the topic in the runtime dependency map.
        ContextKit.dependencies()
            .edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, record.topic())
            .recordSynthetic();
        RecordMetadata metadata =
            new RecordMetadata(
                new TopicPartition(
                    record.topic(), record.partition() == null ? 0 : record.partition()),
                -1L,
                -1,
                record.timestamp() == null ? System.currentTimeMillis() : record.timestamp(),
                -1,
                -1);
        if (callback != null) {
          callback.onCompletion(metadata, null);
        }
        return CompletableFuture.completedFuture(metadata);
      case FORWARD_AS_TRACE:
        Headers headers = new RecordHeaders(record.headers().toArray());
        propagator.injectMessage(ctx, headers, SETTER, OutboundPolicy.FULL);
        return delegate.send(
            new ProducerRecord<>(
                record.topic(),
                record.partition(),
                record.timestamp(),
                record.key(),
                record.value(),
                headers),
            callback);
      case PROCEED:
      default:
        return delegate.send(record, callback);
    }
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  @Override
  public void beginTransaction() {
    delegate.beginTransaction();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    delegate.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    delegate.abortTransaction();
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    delegate.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    delegate.unregisterMetricFromSubscription(metric);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }
}
