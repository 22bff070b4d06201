package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.TrustPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK client wrapper counts every exchange with a real server in the runtime dependency map:
 * synchronous and asynchronous, STANDARD and TRACE apart, 5xx answers as errors.
 */
class PropagatingHttpClientDependenciesTest {

  private RecordingHttpServer server;
  private String base;

  @BeforeEach
  void startServer() {
    server =
        RecordingHttpServer.start(
            request -> Response.empty(request.path().equals("/fail") ? 503 : 204));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void countsEachExchangeWithTraceCallsAndErrorsApart() throws Exception {
    ContextPropagator propagator =
        ContextPropagator.builder()
            .trustPolicy(TrustPolicy.builder().internalHosts(InternalHosts.of("127.0.0.1")).build())
            .build();
    HttpClient client = PropagatingHttpClient.wrap(HttpClient.newHttpClient(), propagator);
    HttpResponse.BodyHandler<Void> discard = HttpResponse.BodyHandlers.discarding();

    client.send(HttpRequest.newBuilder(URI.create(base + "/ok")).build(), discard);
    client.send(HttpRequest.newBuilder(URI.create(base + "/fail")).build(), discard);
    try (ContextScope scope =
        RequestContext.builder()
            .requestId("req-deps")
            .requestType(RequestType.TRACE)
            .build()
            .makeCurrent()) {
      client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/ok")).build(), discard).get();
    }

    DependencyEdge edge =
        ContextKit.dependencies()
            .http(URI.create(base + "/"), propagator.trustPolicy().internalHosts());
    // The asynchronous exchange is recorded by a completion action of its future, which may run
    // just after get() returned.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (edge.calls() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(edge.kind()).isEqualTo(DependencyKind.INTERNAL_SERVICE);
    assertThat(edge.calls()).isEqualTo(3);
    assertThat(edge.errors()).isEqualTo(1);
    assertThat(edge.traceCalls()).isEqualTo(1);
    assertThat(edge.latencyMicros(0.5)).isPositive();
  }
}
