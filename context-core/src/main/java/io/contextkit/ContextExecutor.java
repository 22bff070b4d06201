package io.contextkit;

import java.util.concurrent.Executor;

/** An {@link Executor} whose tasks run in the context captured when they were submitted. */
final class ContextExecutor implements Executor {

  final Executor delegate;

  ContextExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(ContextExecutors.submitted(command));
  }

  @Override
  public String toString() {
    return "ContextExecutor[" + delegate + "]";
  }
}
