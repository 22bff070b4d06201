package io.contextkit.integration.microprofile;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import java.util.Map;
import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The MicroProfile Context Propagation provider of the context type {@value #TYPE}: {@code
 * ManagedExecutor}s and {@code ThreadContext}s built by a MicroProfile runtime (SmallRye, Quarkus)
 * capture the {@link RequestContext} when a task or stage is created and make it current — MDC keys
 * included — while it runs. Registered through {@code META-INF/services}.
 *
 * <p>{@link #currentContext} captures the request context of the calling thread ({@link
 * RequestContext#currentOrLocated()}: a stage created on an event loop after the request's scope
 * closed still captures its request); {@link #clearedContext} stands for the empty one. {@code
 * begin()} opens a ContextKit scope and the returned controller's {@code endContext()} closes it,
 * restoring exactly the thread's previous context and MDC. Thread-safe.
 */
public final class RequestContextThreadContextProvider implements ThreadContextProvider {

  /** The context type name, as used in {@code ThreadContext.Builder.propagated(...)}. */
  public static final String TYPE = "ContextKit";

  /** Creates the provider; the runtime's service loader calls this. */
  public RequestContextThreadContextProvider() {}

  @Override
  public ThreadContextSnapshot currentContext(Map<String, String> props) {
    return new Snapshot(RequestContext.currentOrLocated());
  }

  @Override
  public ThreadContextSnapshot clearedContext(Map<String, String> props) {
    return new Snapshot(RequestContext.empty());
  }

  @Override
  public String getThreadContextType() {
    return TYPE;
  }

  private static final class Snapshot implements ThreadContextSnapshot {
    private final RequestContext context;

    Snapshot(RequestContext context) {
      this.context = context;
    }

    @Override
    public ThreadContextController begin() {
      return new Controller(context.makeCurrent());
    }

    @Override
    public String toString() {
      return "ContextKit snapshot " + context;
    }
  }

  private static final class Controller implements ThreadContextController {
    private final Thread owner = Thread.currentThread();
    private @Nullable ContextScope scope;

    Controller(ContextScope scope) {
      this.scope = scope;
    }

    @Override
    public void endContext() {
      ContextScope open = scope;
      if (open == null) {
        throw new IllegalStateException("endContext() was already called for this context");
      }
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "endContext() must run on the thread that began the context, " + owner.getName());
      }
      scope = null;
      open.close();
    }
  }
}
