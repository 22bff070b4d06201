package io.contextkit.spring.autoconfigure.kafka.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.spring.autoconfigure.messaging.InboundMessages;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Runs each record of a record listener in the record's own context: the request-entry barrier,
 * then a scope built by {@link ContextPropagator#extract} from the record headers, open from {@link
 * #intercept} until {@link #afterRecord} — which spring-kafka calls after the error handler, so
 * retries, recoverers, dead-letter publishing and the error handler's log lines run in the failed
 * record's context (spring-kafka#1704).
 *
 * <p>A user's own interceptor (the {@code delegate}) runs inside the scope. When the listener
 * throws past the error handler, {@link #afterRecord} is skipped by the container; the scope is
 * then closed by {@link #clearThreadState} after the poll, or at the latest by the next {@link
 * #intercept}, so the consumer thread never carries a record's context to the next one.
 *
 * <p>The scope of a TRACE record ends with its report ({@link TraceReports#publishConsumed}),
 * published once, just before the scope closes — after the container's transaction (which
 * spring-kafka ends before {@link #afterRecord}) and the error handler, so the report is complete.
 *
 * <p>Each record that reaches the listener is counted in the runtime dependency map ({@link
 * ContextKit#dependencies()}) when spring-kafka reports its success or failure, timed from {@link
 * #intercept}.
 *
 * <p>One instance serves all consumer threads of a container factory; the open scope is kept per
 * thread.
 */
public final class ContextRecordInterceptor implements RecordInterceptor<Object, Object> {

  private static final ThreadLocal<@Nullable Open> OPEN = new ThreadLocal<>();

  private final ContextPropagator propagator;
  private final @Nullable RecordInterceptor<Object, Object> delegate;

  /**
   * @param propagator extracts the context from the record headers
   * @param delegate the interceptor configured before ours, run inside the record's scope
   */
  public ContextRecordInterceptor(
      ContextPropagator propagator, @Nullable RecordInterceptor<Object, Object> delegate) {
    this.propagator = propagator;
    this.delegate = delegate;
  }

  /** The interceptor this one wraps, if any. */
  public @Nullable RecordInterceptor<Object, Object> delegate() {
    return delegate;
  }

  @Override
  public @Nullable ConsumerRecord<Object, Object> intercept(
      ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    closeOpenScope();
    InboundContext inbound =
        InboundMessages.enter(propagator, record.headers(), KafkaHeaderAccess.INSTANCE);
    if (InboundMessages.refuses(inbound, "Kafka", record.topic())) {
      return null;
    }
    RequestContext context = inbound.context();
    OPEN.set(
        new Open(
            context.makeCurrent(),
            context,
            record.topic(),
            KafkaUtils.getConsumerGroupId(),
            System.nanoTime()));
    return delegate == null ? record : delegate.intercept(record, consumer);
  }

  @Override
  public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    recordConsumed(record, false);
    if (delegate != null) {
      delegate.success(record, consumer);
    }
  }

  @Override
  public void failure(
      ConsumerRecord<Object, Object> record,
      Exception exception,
      Consumer<Object, Object> consumer) {
    recordConsumed(record, true);
    if (delegate != null) {
      delegate.failure(record, exception, consumer);
    }
  }

  @Override
  public void afterRecord(
      ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    try {
      if (delegate != null) {
        delegate.afterRecord(record, consumer);
      }
    } finally {
      closeOpenScope();
    }
  }

  @Override
  public void setupThreadState(Consumer<?, ?> consumer) {
    if (delegate != null) {
      delegate.setupThreadState(consumer);
    }
  }

  @Override
  public void clearThreadState(Consumer<?, ?> consumer) {
    try {
      if (delegate != null) {
        delegate.clearThreadState(consumer);
      }
    } finally {
      closeOpenScope();
    }
  }

  /** Counts the record in the runtime dependency map, timed from {@link #intercept}. */
  private static void recordConsumed(ConsumerRecord<Object, Object> record, boolean error) {
    Open open = OPEN.get();
    ContextKit.dependencies()
        .edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.CONSUMED, record.topic())
        .record(
            open == null ? -1 : System.nanoTime() - open.startNanos(),
            error,
            open != null && open.context().isTrace());
  }

  private static void closeOpenScope() {
    Open open = OPEN.get();
    if (open != null) {
      OPEN.remove();
      try {
        TraceReports.publishConsumed(open.context(), "kafka", open.topic(), open.group());
      } finally {
        open.scope().close();
      }
    }
  }

  /** The scope open on a consumer thread, and what its report names. */
  private record Open(
      ContextScope scope,
      RequestContext context,
      String topic,
      @Nullable String group,
      long startNanos) {}
}
