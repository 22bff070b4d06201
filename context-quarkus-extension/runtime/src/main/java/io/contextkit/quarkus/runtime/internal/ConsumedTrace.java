package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The TRACE report of one consumed message, published once ({@link TraceReports#publishConsumed})
 * when the unit of work that consumed it ends: every {@code @Incoming} call that entered it has
 * left — returned, or the {@code Uni} / {@code CompletionStage} it returned terminated. A message
 * forwarded synchronously within the application keeps the same instance, so the calls nest and the
 * report is written once, when the outermost leaves.
 */
public final class ConsumedTrace {

  private final RequestContext context;
  private final String system;
  private final String destination;
  private final @Nullable String channel;
  private final AtomicBoolean published = new AtomicBoolean();
  private final AtomicInteger active = new AtomicInteger();

  ConsumedTrace(
      RequestContext context, String system, String destination, @Nullable String channel) {
    this.context = context;
    this.system = system;
    this.destination = destination;
    this.channel = channel;
  }

  /** The message's context. */
  RequestContext context() {
    return context;
  }

  /** A call working for the message starts. */
  void enter() {
    active.incrementAndGet();
  }

  /** A call working for the message ended; the last one to end publishes the report. */
  void leave() {
    if (active.decrementAndGet() <= 0) {
      publishOnce();
    }
  }

  /** Publishes the report unless it was already published; never throws. */
  private void publishOnce() {
    if (published.compareAndSet(false, true)) {
      TraceReports.publishConsumed(context, system, destination, channel);
    }
  }
}
