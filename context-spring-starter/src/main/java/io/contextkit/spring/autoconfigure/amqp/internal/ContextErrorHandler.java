package io.contextkit.spring.autoconfigure.amqp.internal;

import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import org.springframework.util.ErrorHandler;

/**
 * Runs a Rabbit listener container's error handler (by default the {@code
 * ConditionalRejectingErrorHandler}, whose "Execution of Rabbit message listener failed" line is
 * the one everybody searches for) in the context of the message whose listener failed. The
 * container calls it right after the advice chain returned, on the same thread; {@link
 * ContextListenerAdvice} hands the failed message's context over.
 */
public final class ContextErrorHandler implements ErrorHandler {

  private final ErrorHandler delegate;

  /**
   * @param delegate the container's error handler
   */
  public ContextErrorHandler(ErrorHandler delegate) {
    this.delegate = delegate;
  }

  /** The wrapped error handler. */
  public ErrorHandler delegate() {
    return delegate;
  }

  @Override
  @SuppressWarnings("try") // the scope is held for its effect
  public void handleError(Throwable t) {
    InboundContext failed = ContextListenerAdvice.takeFailed();
    if (failed == null) {
      delegate.handleError(t);
      return;
    }
    try (ContextScope scope = failed.context().makeCurrent()) {
      delegate.handleError(t);
    }
  }
}
