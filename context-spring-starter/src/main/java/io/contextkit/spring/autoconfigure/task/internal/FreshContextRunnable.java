package io.contextkit.spring.autoconfigure.task.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.w3c.Ids;

/**
 * Runs a task that no request started (a {@code @Scheduled} method, a periodic job) in a context of
 * its own, new on every run: new trace id, new request id. Each run is its own unit of work, so its
 * log lines are not mixed with another run's or with a request's.
 */
final class FreshContextRunnable implements Runnable {

  private final Runnable task;

  FreshContextRunnable(Runnable task) {
    this.task = task;
  }

  @Override
  public void run() {
    RequestContext context =
        RequestContext.builder()
            .traceId(Ids.randomTraceId())
            .parentId(Ids.randomSpanId())
            .traceFlags((byte) 0x02)
            .requestId(Ids.randomTraceId())
            .build();
    try (ContextScope scope = context.makeCurrent()) {
      task.run();
    }
  }

  @Override
  public String toString() {
    return "FreshContextRunnable[" + task + "]";
  }
}
