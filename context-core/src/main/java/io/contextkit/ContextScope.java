package io.contextkit;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.internal.Warnings;
import io.contextkit.spi.ContextProjection;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Arrays;

/**
 * The scope of a {@link RequestContext} made current with {@link RequestContext#makeCurrent()};
 * closing it restores the context (and its projections, such as the MDC) that was current before.
 *
 * <p>Use it with try-with-resources on the thread that opened it. Closing is idempotent. Misuse is
 * repaired, counted in {@link ContextKit#counters()} and warned about once:
 *
 * <ul>
 *   <li>closing an outer scope while inner ones are still open closes the inner ones first ({@link
 *       Counter#SCOPE_OUT_OF_ORDER}), so the thread ends up exactly where it was before the outer
 *       scope;
 *   <li>closing on another thread does nothing there ({@link Counter#SCOPE_WRONG_THREAD}); the
 *       owning thread repairs it when an enclosing scope closes, or its next request-entry {@link
 *       ContextBarrier} does;
 *   <li>an OpenTelemetry scope opened inside this one and never closed is discarded when this one
 *       closes ({@link Counter#SCOPE_FOREIGN_LEFT_OPEN}), so it cannot carry this context past its
 *       scope.
 * </ul>
 *
 * <p>Not thread-safe: a scope belongs to the thread that opened it.
 */
public final class ContextScope implements Scope {

  private static final ThreadLocal<Stack> STACK = ThreadLocal.withInitial(Stack::new);

  /**
   * Returned by {@link #attach} when the captured context is already current (a task run inline on
   * the thread that created it): there is nothing to change and nothing to restore.
   */
  private static final ContextScope ALREADY_CURRENT = alreadyCurrent();

  private final Thread owner;
  private final Stack stack;
  private final Scope otelScope;
  private final Context previousOtel;
  private final RequestContext previous;
  private final RequestContext context;
  private final ContextProjection[] projections;
  private boolean closed;

  private ContextScope(
      Stack stack,
      Scope otelScope,
      Context previousOtel,
      RequestContext previous,
      RequestContext context,
      ContextProjection[] projections) {
    this.owner = Thread.currentThread();
    this.stack = stack;
    this.otelScope = otelScope;
    this.previousOtel = previousOtel;
    this.previous = previous;
    this.context = context;
    this.projections = projections;
  }

  static ContextScope open(
      RequestContext context, RequestContext previous, Context previousOtel, Context toAttach) {
    Stack stack = STACK.get();
    Scope otelScope = toAttach.makeCurrent();
    ContextProjection[] projections = ContextKit.projectionArray();
    ContextScope scope =
        new ContextScope(stack, otelScope, previousOtel, previous, context, projections);
    stack.push(scope);
    project(projections, context, previous);
    return scope;
  }

  /**
   * Attaches a whole captured OpenTelemetry context (spans, baggage and our entry alike) until the
   * scope closes, projecting the request context it holds. The async boundaries use it to run a
   * task in exactly the context captured when the task was created.
   */
  static ContextScope attach(Context captured) {
    Context previousOtel = Context.current();
    if (previousOtel == captured) {
      return ALREADY_CURRENT;
    }
    return open(
        RequestContext.fromContext(captured),
        RequestContext.fromContext(previousOtel),
        previousOtel,
        captured);
  }

  private static ContextScope alreadyCurrent() {
    ContextScope scope =
        new ContextScope(
            new Stack(),
            Scope.noop(),
            Context.root(),
            RequestContext.empty(),
            RequestContext.empty(),
            new ContextProjection[0]);
    scope.closed = true;
    return scope;
  }

  /** The context this scope made current. */
  public RequestContext context() {
    return context;
  }

  /**
   * Restores the previous context on this thread; see the class documentation for misuse handling.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      ContextKit.counters().increment(Counter.SCOPE_WRONG_THREAD);
      Warnings.once(
          "scope-wrong-thread",
          "A ContextKit scope was closed on a thread other than the one that opened it; ignored");
      return;
    }
    int index = stack.indexOf(this);
    if (index < 0) {
      // The request-entry barrier already dropped it.
      closed = true;
      return;
    }
    if (index != stack.size - 1) {
      ContextKit.counters().increment(Counter.SCOPE_OUT_OF_ORDER);
      Warnings.once(
          "scope-out-of-order",
          "A ContextKit scope was closed before scopes opened inside it; closed those first");
      while (stack.size - 1 > index) {
        stack.top().restore();
      }
    }
    restore();
  }

  private void restore() {
    closed = true;
    stack.pop();
    otelScope.close();
    if (Context.current() != previousOtel) {
      ContextKit.counters().increment(Counter.SCOPE_FOREIGN_LEFT_OPEN);
      Warnings.once(
          "scope-foreign-left-open",
          "An OpenTelemetry scope opened inside a ContextKit scope was left open; discarded it");
      // Attaching the previous context is the only portable way to reset storage; its scope is
      // never closed
      // because it stands for the state we return to.
      @SuppressWarnings({"MustBeClosedChecker", "unused"})
      Scope ignored = previousOtel.makeCurrent();
    }
    project(projections, previous, context);
  }

  /**
   * Drops every ContextKit scope still open on this thread, returning the thread to the state
   * before the outermost of them.
   *
   * @return whether any scope was open
   */
  static boolean dropAllOnThisThread() {
    Stack stack = STACK.get();
    if (stack.size == 0) {
      return false;
    }
    ContextScope outermost = stack.scopes[0];
    for (int i = 0; i < stack.size; i++) {
      stack.scopes[i].closed = true;
    }
    stack.clear();
    @SuppressWarnings({"MustBeClosedChecker", "unused"})
    Scope ignored = outermost.previousOtel.makeCurrent();
    return true;
  }

  /** How many ContextKit scopes are open on this thread; for tests and diagnostics. */
  static int openOnThisThread() {
    return STACK.get().size;
  }

  private static void project(
      ContextProjection[] projections, RequestContext next, RequestContext previous) {
    for (ContextProjection projection : projections) {
      try {
        projection.project(next, previous);
      } catch (RuntimeException | LinkageError e) {
        ContextKit.projectionFailed(projection, e);
      }
    }
  }

  /** A small array stack; scopes nest shallowly, so a linear search from the top is cheapest. */
  private static final class Stack {
    ContextScope[] scopes = new ContextScope[8];
    int size;

    void push(ContextScope scope) {
      if (size == scopes.length) {
        scopes = Arrays.copyOf(scopes, size * 2);
      }
      scopes[size++] = scope;
    }

    ContextScope top() {
      return scopes[size - 1];
    }

    void pop() {
      scopes[--size] = null;
    }

    int indexOf(ContextScope scope) {
      for (int i = size - 1; i >= 0; i--) {
        if (scopes[i] == scope) {
          return i;
        }
      }
      return -1;
    }

    void clear() {
      Arrays.fill(scopes, 0, size, null);
      size = 0;
    }
  }
}
