package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jspecify.annotations.Nullable;

/**
 * The TRACE report of one consumed message, published once ({@link TraceReports#publishConsumed})
 * when the unit of work that consumed it ends.
 *
 * <p>The work ends when every {@code @Incoming} call that entered it has left — returned, or the
 * {@code Uni} / {@code CompletionStage} it returned terminated — and, when the last call was a
 * processor ({@code @Outgoing} too) that produced a message, once that message went through the
 * outgoing channel (captured or sent), so that a captured output is in the report. A message
 * forwarded within the application keeps the same instance: the calls nest, an in-memory consumer
 * of a processor's output enters it again, and the report is still written once. Thread-safe: the
 * calls, the termination of their results and the outgoing channel may each run on another thread.
 */
public final class ConsumedTrace {

  private final RequestContext context;
  private final String system;
  private final String destination;
  private final @Nullable String channel;
  private int active;
  private boolean awaitingOutput;
  private boolean published;

  ConsumedTrace(
      RequestContext context, String system, String destination, @Nullable String channel) {
    this.context = context;
    this.system = system;
    this.destination = destination;
    this.channel = channel;
  }

  /** The trace a message carries, if it is a consumed TRACE message. */
  static @Nullable ConsumedTrace of(Message<?> message) {
    Optional<ConsumedContextMetadata> metadata = message.getMetadata(ConsumedContextMetadata.class);
    return metadata.isPresent() ? metadata.get().trace() : null;
  }

  /** A call working for the message starts. */
  synchronized void enter() {
    active++;
    awaitingOutput = false;
  }

  /**
   * A call working for the message ended; when it was the last, the report is published — or, when
   * {@code produced} (a processor returned a message), once that message left ({@link
   * #outputHandled}).
   */
  void leave(boolean produced) {
    synchronized (this) {
      active--;
      if (active > 0 || published) {
        return;
      }
      if (produced) {
        awaitingOutput = true;
        return;
      }
      published = true;
    }
    TraceReports.publishConsumed(context, system, destination, channel);
  }

  /**
   * A message carrying this trace went through an outgoing channel: captured, or handed to the
   * connector. Publishes the report if a processor's output was awaited.
   */
  void outputHandled() {
    synchronized (this) {
      if (!awaitingOutput || active > 0 || published) {
        return;
      }
      published = true;
    }
    TraceReports.publishConsumed(context, system, destination, channel);
  }

  /** Calls {@link #outputHandled} on the trace {@code message} carries, if any. */
  static void outputHandled(Message<?> message) {
    ConsumedTrace trace = of(message);
    if (trace != null) {
      trace.outputHandled();
    }
  }
}
