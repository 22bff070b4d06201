package io.contextkit;

import io.contextkit.ContextTasks.ContextRunnable;
import io.opentelemetry.context.Context;
import java.util.concurrent.ThreadFactory;

/**
 * A {@link ThreadFactory} whose threads run their runnable in a known context: the empty one
 * (isolating, safe for pools) or the one current at {@link #newThread} (for thread-per-task use).
 *
 * <p>An isolating thread does not hold a scope for its whole life: a pool worker would then look
 * like a leak to every {@link ContextBarrier} it passes. It only drops, once at start, whatever it
 * inherited (an inheritable MDC adapter or context storage), and otherwise starts as any new
 * thread.
 */
final class ContextThreadFactory implements ThreadFactory {

  final ThreadFactory delegate;
  final boolean carriesCreatorContext;

  ContextThreadFactory(ThreadFactory delegate, boolean carriesCreatorContext) {
    this.delegate = delegate;
    this.carriesCreatorContext = carriesCreatorContext;
  }

  @Override
  public Thread newThread(Runnable r) {
    if (r instanceof ContextRunnable) {
      // Already bound to the context of its creation; binding it again would only cost.
      return delegate.newThread(r);
    }
    if (carriesCreatorContext) {
      return delegate.newThread(new ContextRunnable(Context.current(), r, true));
    }
    return delegate.newThread(new StartsEmpty(r));
  }

  /** Starts a thread from the empty context, then runs the thread's body as it is. */
  static final class StartsEmpty implements Runnable {
    final Runnable delegate;

    StartsEmpty(Runnable delegate) {
      this.delegate = delegate;
    }

    @Override
    public void run() {
      ContextBarrier.dropInherited();
      delegate.run();
    }

    @Override
    public String toString() {
      return "StartsEmpty[" + delegate + "]";
    }
  }

  @Override
  public String toString() {
    return (carriesCreatorContext ? "ThreadPerTaskContextThreadFactory[" : "ContextThreadFactory[")
        + delegate
        + "]";
  }
}
