package io.contextkit.noop;

import static io.contextkit.noop.Requests.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectReport;
import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.TrustPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound HTTP guard with the JDK client against real {@link HttpServer} stubs on 127.0.0.1
 * that log every request they receive. Internal and third-party hosts differ by port. Every case
 * runs STANDARD first (the stub is reached) and TRACE second; absence is proven from the log.
 * Failure modes 23 to 26 of research § 7.
 */
class TraceGuardHttpClientIT {

  /** One logged request: method, path, and the baggage header it carried. */
  record Received(String method, String path, String baggage) {}

  private final List<RecordingHttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<Received> internalLog = new CopyOnWriteArrayList<>();
  private final List<Received> silentLog = new CopyOnWriteArrayList<>();
  private final List<Received> thirdPartyLog = new CopyOnWriteArrayList<>();
  private final List<Received> safeLog = new CopyOnWriteArrayList<>();
  private URI internal;
  private URI silent;
  private URI thirdParty;
  private URI safe;
  private OutboundTraceGuard guard;
  private HttpClient client;

  @BeforeEach
  void startStubs() throws IOException {
    thirdParty = start(thirdPartyLog, false, null);
    safe = start(safeLog, false, null);
    internal = start(internalLog, true, thirdParty.resolve("/landing").toString());
    silent = start(silentLog, false, null);
    ContextPropagator propagator =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .internalHosts(
                        InternalHosts.of(
                            "127.0.0.1:" + internal.getPort(), "127.0.0.1:" + silent.getPort()))
                    .build())
            .build();
    guard =
        OutboundTraceGuard.builder(propagator)
            .safeThirdParties("127.0.0.1:" + safe.getPort())
            .syntheticResponse(
                "127.0.0.1:" + thirdParty.getPort(),
                SyntheticResponse.of(
                    200,
                    "application/json",
                    "{\"id\":\"ch_trace\"}".getBytes(StandardCharsets.UTF_8)))
            .build();
    client =
        TraceGuardHttpClient.wrap(
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build(), guard);
  }

  @AfterEach
  void stopStubs() {
    for (RecordingHttpServer server : servers) {
      server.close();
    }
  }

  /** A stub that logs requests; {@code ack} answers TRACE requests with Trace-Applied. */
  private URI start(List<Received> log, boolean ack, String redirectTo) {
    RecordingHttpServer server =
        RecordingHttpServer.start(
            request -> {
              String baggage = String.valueOf(request.header("baggage"));
              log.add(new Received(request.method(), request.path(), baggage));
              Response response =
                  redirectTo != null && request.path().equals("/redirect")
                      ? Response.empty(302).withHeader("Location", redirectTo)
                      : new Response(201, java.util.Map.of(), "real");
              return ack && baggage.contains("request_type=TRACE")
                  ? response.withHeader(
                      TraceReport.TRACE_APPLIED_HEADER, TraceReport.TRACE_APPLIED_VALUE)
                  : response;
            });
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.port());
  }

  private HttpResponse<String> post(URI base, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":42}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void internalHostReceivesTraceInBaggageAndItsAcknowledgementLetsTheCallPass() throws Exception {
    in(
        Requests.standard(),
        () -> assertThat(post(internal, "/orders").statusCode()).isEqualTo(201));
    assertThat(internalLog).singleElement().extracting(Received::baggage).isEqualTo("null");

    RequestContext trace = Requests.trace();
    in(
        trace,
        () -> {
          HttpResponse<String> response = post(internal, "/orders");
          assertThat(response.statusCode()).isEqualTo(201);
          assertThat(response.body()).isEqualTo("real");
        });
    assertThat(internalLog).hasSize(2);
    assertThat(internalLog.get(1).baggage()).contains("request_type=TRACE");
    assertThat(trace.sideEffects().report().effects())
        .containsExactly(
            new SideEffect(
                SideEffect.Kind.HTTP_CALL,
                "127.0.0.1:" + internal.getPort(),
                "POST /orders sent as TRACE"));
  }

  @Test
  void internalHostThatDoesNotAcknowledgeFailsTheTraceRequest() throws Exception {
    in(Requests.standard(), () -> assertThat(post(silent, "/orders").statusCode()).isEqualTo(201));

    RequestContext trace = Requests.trace();
    in(
        trace,
        () ->
            assertThatThrownBy(() -> post(silent, "/orders"))
                .isInstanceOf(TraceNotAcknowledgedException.class)
                .hasMessageContaining("without the Trace-Applied: request_type=TRACE")
                .hasMessageContaining("may have run the request for real"));
    SideEffectReport report = trace.sideEffects().report();
    assertThat(report.count(SideEffect.Kind.VIOLATION)).isOne();
    assertThat(TraceReport.from(report).hasViolations()).isTrue();
  }

  @Test
  void thirdPartyIsNotCalledUnderTraceAndTheClientGetsTheConfiguredSyntheticResponse()
      throws Exception {
    in(
        Requests.standard(),
        () -> assertThat(post(thirdParty, "/charges").body()).isEqualTo("real"));
    assertThat(thirdPartyLog).hasSize(1);

    RequestContext trace = Requests.trace();
    in(
        trace,
        () -> {
          HttpResponse<String> response = post(thirdParty, "/charges?card=secret");
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.body()).isEqualTo("{\"id\":\"ch_trace\"}");
          assertThat(response.headers().firstValue("Trace-Suppressed")).contains("true");
          assertThat(response.headers().firstValue("content-type")).contains("application/json");
        });
    assertThat(thirdPartyLog).as("never reached under TRACE").hasSize(1);
    assertThat(trace.sideEffects().report().effects())
        .containsExactly(
            new SideEffect(
                SideEffect.Kind.HTTP_CALL,
                "127.0.0.1:" + thirdParty.getPort(),
                "POST /charges suppressed, synthetic 200"));
  }

  @Test
  void unlistedThirdPartyGetsTheDefaultAcceptedResponseAndAsyncSendsAreGuardedToo()
      throws Exception {
    OutboundTraceGuard defaults = OutboundTraceGuard.builder(ContextPropagator.defaults()).build();
    HttpClient plain = TraceGuardHttpClient.wrap(HttpClient.newHttpClient(), defaults);
    HttpRequest request =
        HttpRequest.newBuilder(safe.resolve("/anything"))
            .PUT(HttpRequest.BodyPublishers.ofString("x"))
            .build();
    in(
        Requests.standard(),
        () ->
            assertThat(
                    plain
                        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .get(10, TimeUnit.SECONDS)
                        .statusCode())
                .isEqualTo(201));
    assertThat(safeLog).hasSize(1);
    in(
        Requests.trace(),
        () -> {
          HttpResponse<byte[]> response =
              plain
                  .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                  .get(10, TimeUnit.SECONDS);
          assertThat(response.statusCode()).isEqualTo(202);
          assertThat(response.body()).isEmpty();
          assertThat(response.headers().firstValue("trace-suppressed")).contains("true");
        });
    assertThat(safeLog).as("never reached under TRACE").hasSize(1);
  }

  @Test
  void asyncSendToAnInternalHostWithoutAcknowledgementFailsTheFuture() throws Exception {
    in(
        Requests.trace(),
        () -> {
          var future =
              client.sendAsync(
                  HttpRequest.newBuilder(silent.resolve("/x")).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
          assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .hasCauseInstanceOf(TraceNotAcknowledgedException.class);
        });
    assertThat(silentLog).hasSize(1);
  }

  @Test
  void safeThirdPartyIsCalledUnderTraceWithoutTheContext() throws Exception {
    in(Requests.standard(), () -> assertThat(post(safe, "/geo").statusCode()).isEqualTo(201));
    RequestContext trace = Requests.trace();
    in(trace, () -> assertThat(post(safe, "/geo").body()).isEqualTo("real"));
    in(
        trace,
        () ->
            client.send(
                HttpRequest.newBuilder(safe.resolve("/geo"))
                    .header("baggage", "request_type=TRACE,user_id=alice")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding()));
    assertThat(safeLog).hasSize(3);
    assertThat(safeLog.get(1).baggage()).isEqualTo("null");
    assertThat(safeLog.get(2).baggage())
        .as("baggage added by others is stripped")
        .isEqualTo("null");
    assertThat(trace.sideEffects().report().isEmpty()).isTrue();
  }

  @Test
  void redirectFromAnInternalHostToAThirdPartyIsNotFollowedUnderTrace() throws Exception {
    in(Requests.standard(), () -> assertThat(post(internal, "/redirect").body()).isEqualTo("real"));
    assertThat(thirdPartyLog)
        .as("STANDARD follows the redirect for real")
        .containsExactly(new Received("GET", "/landing", "null"));

    RequestContext trace = Requests.trace();
    in(
        trace,
        () -> {
          HttpResponse<String> response = post(internal, "/redirect");
          assertThat(response.body()).isEqualTo("{\"id\":\"ch_trace\"}");
          assertThat(response.uri()).isEqualTo(thirdParty.resolve("/landing"));
        });
    assertThat(thirdPartyLog).as("never reached under TRACE").hasSize(1);
    assertThat(internalLog).hasSize(2);
    assertThat(trace.sideEffects().report().effects())
        .extracting(SideEffect::summary)
        .containsExactly("POST /redirect sent as TRACE", "GET /landing suppressed, synthetic 200");
  }

  @Test
  void webSocketsFailClosedUnderTrace() throws Exception {
    in(
        Requests.trace(),
        () ->
            assertThatThrownBy(client::newWebSocketBuilder)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TRACE"));
    assertThat(TraceGuardHttpClient.wrap(client, guard)).isSameAs(client);
  }
}
