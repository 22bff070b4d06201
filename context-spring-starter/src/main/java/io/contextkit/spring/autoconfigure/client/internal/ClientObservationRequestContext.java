package io.contextkit.spring.autoconfigure.client.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayDeque;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Keeps the request context of the caller current inside the observation scope of a {@code
 * RestClient} or {@code RestTemplate} call. Micrometer Tracing's OpenTelemetry bridge opens a
 * client span's scope by making current the OpenTelemetry context it captured when the server span
 * started, which holds the request context from before the server span was adopted and before
 * authentication; without this handler, the interceptors of the call (outbound propagation, the
 * TRACE guard) would see that stale context: another trace id, no authenticated user, no TRACE
 * granted after authentication. The caller's context is taken when the observation starts (before
 * its scope opens) and made current again, over the tracer's, each time the scope opens.
 *
 * <p>Registered after the tracing handlers (Spring Boot registers handler groups first), so its
 * scope opens after theirs and closes before. Blocking clients only: the scope opens and closes on
 * the calling thread.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ClientObservationRequestContext
    implements ObservationHandler<ClientRequestObservationContext> {

  @Override
  public void onStart(ClientRequestObservationContext context) {
    RequestContext caller = RequestContext.current();
    if (!caller.isEmpty()) {
      context.put(CallerScopes.class, new CallerScopes(caller));
    }
  }

  @Override
  public void onScopeOpened(ClientRequestObservationContext context) {
    CallerScopes scopes = context.get(CallerScopes.class);
    if (scopes != null) {
      scopes.open();
    }
  }

  @Override
  public void onScopeClosed(ClientRequestObservationContext context) {
    CallerScopes scopes = context.get(CallerScopes.class);
    if (scopes != null) {
      scopes.close();
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ClientRequestObservationContext;
  }

  /** The caller's context and the scopes it was made current in, innermost first. */
  private static final class CallerScopes {

    private final RequestContext caller;
    private final ArrayDeque<ContextScope> open = new ArrayDeque<>(1);

    CallerScopes(RequestContext caller) {
      this.caller = caller;
    }

    void open() {
      open.push(caller.makeCurrent());
    }

    void close() {
      ContextScope scope = open.poll();
      if (scope != null) {
        scope.close();
      }
    }
  }
}
