package io.contextkit;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.internal.Warnings;
import io.contextkit.spi.ContextProjection;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

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

  private static final ThreadLocal<Frames> FRAMES = ThreadLocal.withInitial(Frames::new);

  private final Frames frames;
  private final long id;
  private final RequestContext context;
  private boolean closed;

  private ContextScope(Frames frames, long id, RequestContext context) {
    this.frames = frames;
    this.id = id;
    this.context = context;
  }

  static ContextScope open(
      RequestContext context, RequestContext previous, Context previousOtel, Context toAttach) {
    Frames frames = FRAMES.get();
    Scope otelScope = toAttach.makeCurrent();
    ContextProjection[] projections = ContextKit.projectionArray();
    long id = frames.push(otelScope, previousOtel, context, projections);
    ContextScope scope = new ContextScope(frames, id, context);
    frames.scopes[frames.size - 1] = scope;
    project(projections, context, previous);
    return scope;
  }

  /**
   * Attaches a whole captured OpenTelemetry context (spans, baggage and our entry alike) for a task
   * that the async boundaries run, projecting the request context it holds, without a {@code
   * ContextScope} object: the task's frame lives in this thread's preallocated frame stack and
   * {@link #exitTask} restores it in the task's {@code finally}. The frame takes part in the misuse
   * repair exactly as a scope would (closed by an enclosing scope, dropped by the barrier).
   *
   * @return the frame to pass to {@link #exitTask}, or {@link #NO_FRAME} when the captured context
   *     is already current (a task run inline on the thread that created it): nothing to change and
   *     nothing to restore
   */
  static long enterTask(Context captured) {
    Context previousOtel = Context.current();
    if (previousOtel == captured) {
      return NO_FRAME;
    }
    Frames frames = FRAMES.get();
    Scope otelScope = captured.makeCurrent();
    ContextProjection[] projections = ContextKit.projectionArray();
    RequestContext context = RequestContext.fromContext(captured);
    RequestContext previous = RequestContext.fromContext(previousOtel);
    long id = frames.push(otelScope, previousOtel, context, projections);
    project(projections, context, previous);
    return id;
  }

  /**
   * Restores what {@link #enterTask} changed: the thread gets back exactly its previous context and
   * projections; frames the task left open are closed first (counted as out of order, as a scope's
   * would be). Does nothing when the frame is already gone (the barrier dropped it, or an enclosing
   * scope closed it).
   */
  static void exitTask(long frame) {
    if (frame == NO_FRAME) {
      return;
    }
    FRAMES.get().close(frame);
  }

  /** The frame id {@link #enterTask} returns when it changed nothing. */
  static final long NO_FRAME = 0L;

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
    if (Thread.currentThread() != frames.owner) {
      ContextKit.counters().increment(Counter.SCOPE_WRONG_THREAD);
      Warnings.once(
          "scope-wrong-thread",
          "A ContextKit scope was closed on a thread other than the one that opened it; ignored");
      return;
    }
    if (!frames.close(id)) {
      // The request-entry barrier already dropped it.
      closed = true;
    }
  }

  /**
   * Drops every ContextKit scope still open on this thread, returning the thread to the state
   * before the outermost of them.
   *
   * @return whether any scope was open
   */
  static boolean dropAllOnThisThread() {
    Frames frames = FRAMES.get();
    if (frames.size == 0) {
      return false;
    }
    Context outermost = frames.previousOtel[0];
    frames.clear();
    @SuppressWarnings({"MustBeClosedChecker", "unused"})
    Scope ignored = outermost.makeCurrent();
    return true;
  }

  /** How many ContextKit scopes (and task frames) are open on this thread; for tests. */
  static int openOnThisThread() {
    return FRAMES.get().size;
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

  /**
   * One thread's open scopes and task frames, innermost last, as parallel preallocated arrays so
   * that a task frame costs no object. Scopes nest shallowly, so a linear search from the top is
   * cheapest. Only its owning thread touches it (a wrong-thread close is rejected before).
   */
  private static final class Frames {
    // Small to start with: a virtual thread gets its own frames, and nesting is rarely deeper than
    // a task frame plus a scope or two.
    private static final int INITIAL_CAPACITY = 4;

    final Thread owner = Thread.currentThread();
    int size;
    long lastId;
    long[] ids = new long[INITIAL_CAPACITY];
    @Nullable ContextScope[] scopes = new ContextScope[INITIAL_CAPACITY];
    @Nullable Scope[] otelScopes = new Scope[INITIAL_CAPACITY];
    @Nullable Context[] previousOtel = new Context[INITIAL_CAPACITY];
    @Nullable RequestContext[] contexts = new RequestContext[INITIAL_CAPACITY];
    @Nullable ContextProjection[][] projections = new ContextProjection[INITIAL_CAPACITY][];

    // Every reference stored into these long-lived arrays pays G1's cross-region write barrier
    // (a fence), unlike a store into a freshly allocated object; so a frame stores as little as it
    // can: the previous request context is derived from the previous OpenTelemetry context when
    // the frame is restored, and the projections array (process-wide configuration) is written
    // only when it changed and never cleared.
    long push(
        Scope otelScope,
        Context previousOtel,
        RequestContext context,
        ContextProjection[] projections) {
      if (size == ids.length) {
        grow();
      }
      long id = ++lastId;
      int i = size++;
      this.ids[i] = id;
      this.otelScopes[i] = otelScope;
      this.previousOtel[i] = previousOtel;
      this.contexts[i] = context;
      if (this.projections[i] != projections) {
        this.projections[i] = projections;
      }
      return id;
    }

    /**
     * Closes the frame {@code id}, closing the frames opened inside it first.
     *
     * @return whether the frame was still open
     */
    boolean close(long id) {
      int index = indexOf(id);
      if (index < 0) {
        return false;
      }
      if (index != size - 1) {
        ContextKit.counters().increment(Counter.SCOPE_OUT_OF_ORDER);
        Warnings.once(
            "scope-out-of-order",
            "A ContextKit scope was closed before scopes opened inside it; closed those first");
        while (size - 1 > index) {
          restoreTop();
        }
      }
      restoreTop();
      return true;
    }

    private void restoreTop() {
      int i = --size;
      ContextScope scope = scopes[i];
      Scope otelScope = otelScopes[i];
      Context before = previousOtel[i];
      RequestContext previousContext = RequestContext.fromContext(before);
      RequestContext context = contexts[i];
      ContextProjection[] frameProjections = projections[i];
      if (scope != null) {
        scope.closed = true;
      }
      release(i);
      otelScope.close();
      if (Context.current() != before) {
        ContextKit.counters().increment(Counter.SCOPE_FOREIGN_LEFT_OPEN);
        Warnings.once(
            "scope-foreign-left-open",
            "An OpenTelemetry scope opened inside a ContextKit scope was left open; discarded it");
        // Attaching the previous context is the only portable way to reset storage; its scope is
        // never closed because it stands for the state we return to.
        @SuppressWarnings({"MustBeClosedChecker", "unused"})
        Scope ignored = before.makeCurrent();
      }
      project(frameProjections, previousContext, context);
    }

    private int indexOf(long id) {
      for (int i = size - 1; i >= 0; i--) {
        if (ids[i] == id) {
          return i;
        }
      }
      return -1;
    }

    void clear() {
      for (int i = 0; i < size; i++) {
        ContextScope scope = scopes[i];
        if (scope != null) {
          scope.closed = true;
        }
        release(i);
      }
      size = 0;
    }

    private void release(int i) {
      ids[i] = 0L;
      scopes[i] = null;
      otelScopes[i] = null;
      previousOtel[i] = null;
      contexts[i] = null;
    }

    private void grow() {
      int length = ids.length * 2;
      ids = Arrays.copyOf(ids, length);
      scopes = Arrays.copyOf(scopes, length);
      otelScopes = Arrays.copyOf(otelScopes, length);
      previousOtel = Arrays.copyOf(previousOtel, length);
      contexts = Arrays.copyOf(contexts, length);
      projections = Arrays.copyOf(projections, length);
    }
  }
}
