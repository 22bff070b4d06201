package io.contextkit.spring.autoconfigure.boottracing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.LogbackCapture;
import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every stack must show under Spring Boot's own tracing auto-configuration (OpenTelemetry SDK,
 * Micrometer Tracing's OTel bridge, Boot's default W3C trace-context and W3C baggage propagation,
 * export on, every trace sampled): the tracer continues and propagates the trace, but the {@code
 * baggage} header stays ContextKit's alone — no forged identity reaches any destination, a trusted
 * identity reaches internal hosts only, never in two {@code baggage} headers — and the context, its
 * log lines, Boot's log correlation and the server span agree on the trace id.
 *
 * <p>The caller (127.0.0.1) is no trusted peer: its context is trusted only when signed with the
 * deployment's key. The destination is one JDK server, called as {@code localhost} (an internal
 * host) and as {@code 127.0.0.1} (a third party).
 */
abstract class AbstractBootTracingIT {

  static final String SECRET_BASE64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  // The properties both applications run with: localhost is the one internal host, callers are
  // trusted only with a signature, and Boot's tracing exports (to memory) every trace.
  static final String TRUST = "contextkit.trust.internal-hosts=localhost";

  static final String ACTIVE_KEY = "contextkit.trust.signing.active-key-id=k1";
  static final String KEY = "contextkit.trust.signing.keys.k1=" + SECRET_BASE64;
  static final String EXPORT = "management.tracing.export.enabled=true";
  static final String SAMPLE_ALL = "management.tracing.sampling.probability=1.0";

  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  // Answers 204 to every request (acknowledging TRACE as a ContextKit service would); reached as
  // localhost (an internal host) and as 127.0.0.1 (a third party), it sees both sides of the
  // trust boundary.
  private static final RecordingHttpServer DESTINATION =
      RecordingHttpServer.start(request -> Response.empty(204).acknowledgingTrace(request));

  @DynamicPropertySource
  static void destination(DynamicPropertyRegistry registry) {
    registry.add("test.destination-port", DESTINATION::port);
  }

  @LocalServerPort int port;

  @Autowired FinishedSpans spans;

  private LogbackCapture logs;

  @BeforeEach
  void reset() {
    DESTINATION.clear();
    spans.reset();
    logs = LogbackCapture.attachToRoot();
  }

  @AfterEach
  void detach() {
    logs.close();
  }

  @Test
  void forgedBaggageOfAnUntrustedCallerReachesNoDestination() throws Exception {
    Map<String, String> body =
        BootTracingCalls.relay(
            port, "baggage", "user_id=admin,account_id=evil", "X-Request-Id", "forged-1");

    assertThat(body).containsEntry("user_id", "").containsEntry("account_id", "");
    assertThat(DESTINATION.requests()).hasSize(2);
    for (RecordingHttpServer.Request received : DESTINATION.requests()) {
      assertThat(received.headers("baggage"))
          .as("baggage headers to %s", received.path())
          .hasSizeLessThanOrEqualTo(1);
      for (Map.Entry<String, String> header : received.headers()) {
        assertThat(header.getValue())
            .as("%s to %s", header.getKey(), received.path())
            .doesNotContain("admin")
            .doesNotContain("evil");
      }
    }
    assertThat(DESTINATION.only("/third-party").headers("baggage")).isEmpty();
  }

  @Test
  void signedIdentityReachesTheInternalHostOnceAndTheThirdPartyNever() throws Exception {
    Map<String, String> body = BootTracingCalls.relay(port, signedCaller("signed-1"));

    assertThat(body).containsEntry("user_id", "bob").containsEntry("account_id", "acme");
    RecordingHttpServer.Request internal = DESTINATION.only("/internal");
    assertThat(internal.headers("baggage"))
        .singleElement()
        .satisfies(
            baggage -> assertThat(baggage).contains("user_id=bob").contains("account_id=acme"));
    assertThat(internal.headers("x-request-id")).containsExactly("signed-1");
    RecordingHttpServer.Request thirdParty = DESTINATION.only("/third-party");
    assertThat(thirdParty.headers("baggage")).isEmpty();
    for (Map.Entry<String, String> header : thirdParty.headers()) {
      assertThat(header.getValue())
          .as("%s to the third party", header.getKey())
          .doesNotContain("bob")
          .doesNotContain("acme")
          .doesNotContain("signed-1");
    }
  }

  @Test
  void tracerStillCarriesTheServerSpansTraceToEveryDestination() throws Exception {
    Map<String, String> body = BootTracingCalls.relay(port, signedCaller("trace-1"));

    SpanData server = spans.serverSpanOf(CALLER_TRACE);
    assertThat(body.get("trace_id")).isEqualTo(CALLER_TRACE);
    for (String path : new String[] {"/internal", "/third-party"}) {
      assertThat(DESTINATION.only(path).headers("traceparent"))
          .as(path)
          .singleElement()
          .satisfies(
              tp -> assertThat(tp).startsWith("00-" + server.getTraceId() + "-").endsWith("-01"));
    }
  }

  @Test
  void outboundHopsCarryTheTraceTheContextAndTheSpanAgreeOn() throws Exception {
    Map<String, String> body = BootTracingCalls.relay(port);

    SpanData server = spans.serverSpanOf(body.get("trace_id"));
    for (String path : new String[] {"/internal", "/third-party"}) {
      assertThat(DESTINATION.only(path).headers("traceparent"))
          .as(path)
          .singleElement()
          .satisfies(tp -> assertThat(tp).startsWith("00-" + server.getTraceId() + "-"));
    }
  }

  // Spring Security authenticates after the server span started, so the tracer's restored context
  // knows no user: the call must still carry the authenticated caller.
  @Test
  void authenticatedUserReachesTheInternalHostAndNotTheThirdParty() throws Exception {
    Map<String, String> body =
        BootTracingCalls.relay(
            port,
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(UTF_8)));

    assertThat(body).containsEntry("user_id", "alice");
    assertThat(DESTINATION.only("/internal").headers("baggage"))
        .singleElement()
        .satisfies(baggage -> assertThat(baggage).contains("user_id=alice"));
    assertThat(DESTINATION.only("/internal").headers("traceparent"))
        .singleElement()
        .satisfies(tp -> assertThat(tp).startsWith("00-" + body.get("trace_id") + "-"));
    assertThat(DESTINATION.only("/third-party").headers("baggage")).isEmpty();
  }

  // TRACE is granted only after Spring Security authenticated tess, after the server span started:
  // the call to the internal host must go out as TRACE (acknowledged there), and the third party
  // must not be called at all (its answer is synthetic). A STANDARD call would be a real effect.
  @Test
  void traceGrantedAfterLoginGoesOutAsTraceAndNeverReachesTheThirdParty() throws Exception {
    Map<String, String> body =
        BootTracingCalls.relay(
            port,
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString("tess:pw".getBytes(UTF_8)),
            "baggage",
            "request_type=TRACE");

    assertThat(body).containsEntry("user_id", "tess").containsEntry("request_type", "TRACE");
    assertThat(DESTINATION.only("/internal").headers("baggage"))
        .singleElement()
        .satisfies(baggage -> assertThat(baggage).contains("request_type=TRACE"));
    assertThat(DESTINATION.requests())
        .extracting(RecordingHttpServer.Request::path)
        .doesNotContain("/third-party");
  }

  /**
   * The headers of a trusted caller: bob of acme, in trace {@link #CALLER_TRACE}, signed with the
   * deployment's key.
   */
  private static String[] signedCaller(String requestId) {
    ContextSignature signature =
        ContextSignature.create(SigningKeys.of("k1", Base64.getDecoder().decode(SECRET_BASE64)));
    String signed =
        signature.sign(new SignedFields(CALLER_TRACE, requestId, "bob", "acme", false, null, null));
    return new String[] {
      "traceparent",
      "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01",
      "baggage",
      "user_id=bob,account_id=acme",
      "X-Request-Id",
      requestId,
      "contextkit-signature",
      signed
    };
  }

  @Test
  void contextLogLineBootsCorrelationAndServerSpanAgreeOnTheTrace() throws Exception {
    Map<String, String> body = BootTracingCalls.relay(port);

    String traceId = body.get("trace_id");
    SpanData server = spans.serverSpanOf(traceId);
    assertThat(body).containsEntry("parent_id", server.getSpanId());
    assertThat(logs.events())
        .filteredOn(e -> "relaying".equals(e.getFormattedMessage()))
        .filteredOn(e -> body.get("request_id").equals(e.getMDCPropertyMap().get("request_id")))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMDCPropertyMap())
                    .containsEntry("trace_id", traceId)
                    .containsEntry("traceId", traceId)
                    .containsEntry("parent_id", server.getSpanId()));
  }
}
