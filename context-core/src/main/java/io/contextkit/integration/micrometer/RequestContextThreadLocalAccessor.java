package io.contextkit.integration.micrometer;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer context-propagation capture and restore the {@link RequestContext} under the key
 * {@value #KEY}. Registered through {@code META-INF/services}, so {@code
 * ContextRegistry.getInstance()} finds it by itself.
 *
 * <p>It never writes the context directly: {@link #setValue(RequestContext)} opens a ContextKit
 * scope (which also projects the MDC) and remembers it on a per-thread stack; {@link
 * #restore(RequestContext)} and {@link #restore()} close the scope it opened last, which brings
 * back exactly the state before — "restore, never clear". {@link #setValue()} (Micrometer's "clear
 * missing" mode) opens a scope of the empty context, undone the same way. {@link #reset()} closes
 * every scope this accessor opened on the thread.
 *
 * <pre>{@code
 * Runnable task = ContextSnapshotFactory.builder().build().captureAll().wrap(work);
 * }</pre>
 *
 * <p>Thread-safe: all state is per thread.
 */
public final class RequestContextThreadLocalAccessor
    implements ThreadLocalAccessor<RequestContext> {

  /** The key under which snapshots hold the request context. */
  public static final String KEY = "contextkit.request-context";

  private static final ThreadLocal<ArrayDeque<ContextScope>> OPENED =
      ThreadLocal.withInitial(ArrayDeque::new);

  /** Creates the accessor; Micrometer's service loader calls this. */
  public RequestContextThreadLocalAccessor() {}

  @Override
  public Object key() {
    return KEY;
  }

  /** The current context, or {@code null} outside any request (so snapshots leave it out). */
  @Override
  public @Nullable RequestContext getValue() {
    RequestContext current = RequestContext.current();
    return current.isEmpty() ? null : current;
  }

  @Override
  public void setValue(RequestContext value) {
    OPENED.get().push(value.makeCurrent());
  }

  @Override
  public void setValue() {
    OPENED.get().push(RequestContext.empty().makeCurrent());
  }

  @Override
  public void restore(RequestContext previousValue) {
    closeLastOpened();
  }

  @Override
  public void restore() {
    closeLastOpened();
  }

  // Deprecated in Micrometer, but still part of the interface: callers of older versions use it.
  @SuppressWarnings("deprecation")
  @Override
  public void reset() {
    ArrayDeque<ContextScope> opened = OPENED.get();
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  private static void closeLastOpened() {
    ContextScope scope = OPENED.get().poll();
    if (scope != null) {
      scope.close();
    }
  }
}
