package io.contextkit;

import io.contextkit.ContextTasks.ContextRunnable;
import io.opentelemetry.context.Context;
import java.util.concurrent.ThreadFactory;

/**
 * A {@link ThreadFactory} whose threads run their runnable in a known context: the empty one
 * (isolating, safe for pools) or the one current at {@link #newThread} (for thread-per-task use).
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
    Context context = carriesCreatorContext ? Context.current() : Context.root();
    return delegate.newThread(new ContextRunnable(context, r, true));
  }

  @Override
  public String toString() {
    return (carriesCreatorContext ? "ThreadPerTaskContextThreadFactory[" : "ContextThreadFactory[")
        + delegate
        + "]";
  }
}
