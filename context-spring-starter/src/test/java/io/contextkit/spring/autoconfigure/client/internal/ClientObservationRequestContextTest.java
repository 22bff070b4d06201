package io.contextkit.spring.autoconfigure.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;

class ClientObservationRequestContextTest {

  private static final RequestContext STALE =
      RequestContext.builder()
          .requestId("req-1")
          .traceId("0af7651916cd43dd8448eb211c80319c")
          .build();

  private static final RequestContext CALLER =
      STALE.toBuilder().traceId("4bf92f3577b34da6a3ce929d0e0e4736").userId("alice").build();

  /**
   * What Micrometer Tracing's OpenTelemetry bridge does when a client span's scope opens: it makes
   * current the context captured at the server span's start.
   */
  private static final class RestoresStaleContext
      implements ObservationHandler<Observation.Context> {
    private final ArrayDeque<ContextScope> scopes = new ArrayDeque<>();

    @Override
    public void onScopeOpened(Observation.Context context) {
      scopes.push(STALE.makeCurrent());
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
      scopes.pop().close();
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  private static ClientRequestObservationContext clientCall() {
    ClientHttpRequest request =
        new MockClientHttpRequest(HttpMethod.GET, URI.create("http://localhost/x"));
    return new ClientRequestObservationContext(request);
  }

  @Test
  void callersContextIsCurrentInsideTheCallsScopeOverTheTracersStaleOne() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(new RestoresStaleContext())
        .observationHandler(new ClientObservationRequestContext());

    try (ContextScope caller = CALLER.makeCurrent()) {
      Observation observation =
          Observation.start(
              "http.client.requests", ClientObservationRequestContextTest::clientCall, registry);
      try (Observation.Scope scope = observation.openScope()) {
        assertThat(RequestContext.current()).isSameAs(CALLER);
      }
      observation.stop();
      assertThat(RequestContext.current()).isSameAs(CALLER);
    }
    assertThat(RequestContext.current().isEmpty()).isTrue();
  }

  @Test
  void withoutTheHandlerTheCallWouldSeeTheStaleContext() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new RestoresStaleContext());

    try (ContextScope caller = CALLER.makeCurrent()) {
      Observation observation =
          Observation.start(
              "http.client.requests", ClientObservationRequestContextTest::clientCall, registry);
      try (Observation.Scope scope = observation.openScope()) {
        assertThat(RequestContext.current()).isSameAs(STALE);
      }
      observation.stop();
    }
  }

  @Test
  void leavesAnEmptyCallerAlone() {
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(new RestoresStaleContext())
        .observationHandler(new ClientObservationRequestContext());

    Observation observation =
        Observation.start(
            "http.client.requests", ClientObservationRequestContextTest::clientCall, registry);
    try (Observation.Scope scope = observation.openScope()) {
      assertThat(RequestContext.current()).isSameAs(STALE);
    }
    observation.stop();
  }

  @Test
  void supportsOnlyBlockingClientObservations() {
    ClientObservationRequestContext handler = new ClientObservationRequestContext();
    assertThat(handler.supportsContext(clientCall())).isTrue();
    assertThat(handler.supportsContext(new Observation.Context())).isFalse();
  }
}
