package io.contextkit.spring.autoconfigure.kafka.internal;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Prepares a batch listener's thread: the request-entry barrier (a batch has no single context, so
 * the listener starts from the empty one), and the propagator that {@link
 * io.contextkit.spring.autoconfigure.kafka.ContextKitKafka#forEachRecord} uses on this thread to
 * give every record its own context. Cleared again after the batch and after each poll. When the
 * listener failed on a record inside {@code forEachRecord}, the batch error handler (retries, the
 * "exhausted" log line, recoverers, dead-letter publishing) runs in that record's context, from
 * {@link #failure} until {@link #clearThreadState}.
 */
public final class ContextBatchInterceptor implements BatchInterceptor<Object, Object> {

  private static final ThreadLocal<@Nullable ContextPropagator> ACTIVE = new ThreadLocal<>();
  private static final ThreadLocal<@Nullable InboundContext> FAILED = new ThreadLocal<>();
  private static final ThreadLocal<@Nullable ContextScope> ERROR_SCOPE = new ThreadLocal<>();

  private final ContextPropagator propagator;
  private final @Nullable BatchInterceptor<Object, Object> delegate;

  /**
   * @param propagator extracts each record's context
   * @param delegate the interceptor configured before ours
   */
  public ContextBatchInterceptor(
      ContextPropagator propagator, @Nullable BatchInterceptor<Object, Object> delegate) {
    this.propagator = propagator;
    this.delegate = delegate;
  }

  /** The propagator of the batch being delivered on this thread, or {@code null} outside one. */
  public static @Nullable ContextPropagator activePropagator() {
    return ACTIVE.get();
  }

  /**
   * Records that the listener failed on the record extracted to {@code failed}, so that the batch
   * error handler (which spring-kafka runs after {@link #failure}, on this thread) runs in that
   * record's context. Ignored outside a batch delivered by an intercepted container.
   */
  public static void recordFailed(InboundContext failed) {
    if (ACTIVE.get() != null) {
      FAILED.set(failed);
    }
  }

  /** The interceptor this one wraps, if any. */
  public @Nullable BatchInterceptor<Object, Object> delegate() {
    return delegate;
  }

  @Override
  public @Nullable ConsumerRecords<Object, Object> intercept(
      ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
    closeErrorScope();
    ContextBarrier.enter();
    ACTIVE.set(propagator);
    return delegate == null ? records : delegate.intercept(records, consumer);
  }

  @Override
  public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
    try {
      if (delegate != null) {
        delegate.success(records, consumer);
      }
    } finally {
      ACTIVE.remove();
    }
  }

  @Override
  public void failure(
      ConsumerRecords<Object, Object> records,
      Exception exception,
      Consumer<Object, Object> consumer) {
    try {
      if (delegate != null) {
        delegate.failure(records, exception, consumer);
      }
    } finally {
      ACTIVE.remove();
      InboundContext failed = FAILED.get();
      if (failed != null) {
        FAILED.remove();
        // Open until clearThreadState, which spring-kafka calls after the error handler.
        ERROR_SCOPE.set(failed.context().makeCurrent());
      }
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
      ACTIVE.remove();
      FAILED.remove();
      closeErrorScope();
    }
  }

  private static void closeErrorScope() {
    ContextScope scope = ERROR_SCOPE.get();
    if (scope != null) {
      ERROR_SCOPE.remove();
      scope.close();
    }
  }
}
