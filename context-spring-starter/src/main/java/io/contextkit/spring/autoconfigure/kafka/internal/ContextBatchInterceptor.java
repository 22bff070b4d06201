package io.contextkit.spring.autoconfigure.kafka.internal;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextPropagator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Prepares a batch listener's thread: the request-entry barrier (a batch has no single context, so
 * the listener starts from the empty one), and the propagator that {@link
 * io.contextkit.spring.autoconfigure.kafka.ContextKitKafka#forEachRecord} uses on this thread to
 * give every record its own context. Cleared again after the batch and after each poll.
 */
public final class ContextBatchInterceptor implements BatchInterceptor<Object, Object> {

  private static final ThreadLocal<@Nullable ContextPropagator> ACTIVE = new ThreadLocal<>();

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

  /** The interceptor this one wraps, if any. */
  public @Nullable BatchInterceptor<Object, Object> delegate() {
    return delegate;
  }

  @Override
  public @Nullable ConsumerRecords<Object, Object> intercept(
      ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
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
    }
  }
}
