package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ErrorHandler;

/**
 * Runs a JMS listener container's error handling in the context of the message whose listener
 * failed: the container calls it after the listener (and so the message's scope) returned, on the
 * same thread; {@link ContextMessageListener} hands the failed message's context over. Without an
 * error handler of the application's own, it logs exactly what the container would have logged
 * (same logger, same message), now with the message's ids in the MDC.
 */
public final class ContextJmsErrorHandler implements ErrorHandler {

  private final @Nullable ErrorHandler delegate;
  private final Log containerLog;

  /**
   * @param delegate the container's error handler, or {@code null} when it had none
   * @param containerLog the container's logger, for the default warning
   */
  public ContextJmsErrorHandler(@Nullable ErrorHandler delegate, Log containerLog) {
    this.delegate = delegate;
    this.containerLog = containerLog;
  }

  /** The wrapped error handler, or {@code null}. */
  public @Nullable ErrorHandler delegate() {
    return delegate;
  }

  @Override
  @SuppressWarnings("try") // the scope is held for its effect
  public void handleError(Throwable t) {
    InboundContext failed = ContextMessageListener.takeFailed();
    if (failed == null) {
      handle(t);
      return;
    }
    try (ContextScope scope = failed.context().makeCurrent()) {
      handle(t);
    }
  }

  private void handle(Throwable t) {
    if (delegate != null) {
      delegate.handleError(t);
    } else {
      containerLog.warn(
          "Execution of JMS message listener failed, and no ErrorHandler has been set.", t);
    }
  }
}
