package io.contextkit.spring.autoconfigure.amqp.internal;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.spring.autoconfigure.messaging.InboundMessages;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import java.util.List;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * The first advice of a Rabbit listener container's advice chain: a single message runs in its own
 * context (barrier, extraction, scope) around everything after it in the chain — retry
 * interceptors, their recoverers (such as the "retries exhausted" rejection) and the listener. A
 * batch ({@code List<Message>}) starts from the empty context, and {@link
 * io.contextkit.spring.autoconfigure.amqp.ContextKitRabbit#forEachMessage} gives each message its
 * own. The scope of a TRACE message ends with its report ({@link TraceReports#publishConsumed}),
 * once per delivery, after retries and recoverers. Each single message is counted in the runtime
 * dependency map on its queue ({@code RABBIT_EXCHANGE}, consumed), timed, a failure that leaves the
 * chain as an error.
 */
public final class ContextListenerAdvice implements MethodInterceptor {

  private static final ThreadLocal<@Nullable ContextPropagator> BATCH = new ThreadLocal<>();
  private static final ThreadLocal<@Nullable InboundContext> HANDLING = new ThreadLocal<>();
  private static final ThreadLocal<@Nullable InboundContext> FAILED = new ThreadLocal<>();

  private final Supplier<ContextPropagator> propagator;

  /**
   * @param propagator extracts the context, resolved on first message
   */
  public ContextListenerAdvice(Supplier<ContextPropagator> propagator) {
    this.propagator = propagator;
  }

  /** The propagator of the batch being delivered on this thread, or {@code null} outside one. */
  public static @Nullable ContextPropagator activeBatchPropagator() {
    return BATCH.get();
  }

  /**
   * What the message being handled on this thread was extracted to, for its reply; {@code null}
   * outside a single-message listener.
   */
  public static @Nullable InboundContext handling() {
    return HANDLING.get();
  }

  /**
   * Takes (and forgets) the context of the message whose listener just failed on this thread, for
   * the container's error handler, which runs after the advice chain returned.
   */
  public static @Nullable InboundContext takeFailed() {
    InboundContext failed = FAILED.get();
    if (failed != null) {
      FAILED.remove();
    }
    return failed;
  }

  @SuppressWarnings("try") // the scope is held for its effect
  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Object[] args = invocation.getArguments();
    Object data = args.length > 1 ? args[1] : null;
    if (data instanceof Message message) {
      FAILED.remove();
      MessageProperties properties = message.getMessageProperties();
      InboundContext inbound =
          InboundMessages.enter(propagator.get(), properties, AmqpHeaderAccess.INSTANCE);
      String queue = properties.getConsumerQueue();
      String destination = queue == null ? "unknown" : queue;
      if (InboundMessages.refuses(inbound, "AMQP", destination)) {
        return null;
      }
      InboundContext outer = HANDLING.get();
      HANDLING.set(inbound);
      long start = System.nanoTime();
      boolean failed = true;
      try (ContextScope scope = inbound.context().makeCurrent()) {
        try {
          Object result = invocation.proceed();
          failed = false;
          return result;
        } finally {
          // The runtime dependency map: the queue consumed from, timed over retries and recoverers.
          ContextKit.dependencies()
              .edge(DependencyKind.RABBIT_EXCHANGE, DependencyDirection.CONSUMED, destination)
              .record(System.nanoTime() - start, failed, inbound.context().isTrace());
          TraceReports.publishConsumed(inbound.context(), "rabbitmq", destination, null);
        }
      } catch (Throwable e) {
        FAILED.set(inbound);
        throw e;
      } finally {
        if (outer == null) {
          HANDLING.remove();
        } else {
          HANDLING.set(outer);
        }
      }
    }
    if (data instanceof List<?>) {
      ContextBarrier.enter();
      BATCH.set(propagator.get());
      try {
        return invocation.proceed();
      } finally {
        BATCH.remove();
      }
    }
    return invocation.proceed();
  }
}
