package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.contextkit.noop.TraceNotAcknowledgedException;
import io.contextkit.noop.TraceReport;
import io.contextkit.spring.autoconfigure.trace.app.StubServer;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import io.contextkit.testsupport.LogbackCapture;
import io.contextkit.w3c.Ids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * TRACE through Spring's reactive {@code WebClient} against real HTTP servers (JDK {@code
 * HttpServer} stubs that log every request they receive). Every case calls STANDARD first (the stub
 * is called, so the test is not vacuous) and then TRACE. The end-to-end cases send real HTTP
 * requests to the application, whose controller calls out with a {@code WebClient} built from
 * Boot's builder, and read the {@code Trace-Report} header and the {@code io.contextkit.trace} log
 * event; the others call a client directly in a TRACE scope or Reactor context.
 */
@SpringBootTest(
    classes = WebClientTraceIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trust.internal-hosts=localhost",
      "contextkit.trust.signing.active-key-id=k1",
      "contextkit.trust.signing.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
      "contextkit.trace.synthetic-responses[127.0.0.1].status=201",
      "contextkit.trace.synthetic-responses[127.0.0.1].body={\"id\":\"ch_trace\"}"
    })
@SuppressWarnings("try") // scopes are held for their effect
class WebClientTraceIT {

  static final StubServer THIRD_PARTY = StubServer.start();
  static final StubServer SAFE = StubServer.start();
  static final StubServer INTERNAL = StubServer.startAcknowledging();
  static final StubServer UNACKED = StubServer.start();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  @Autowired
  @Qualifier("userWebClient")
  WebClient userWebClient;

  @Autowired WebClient.Builder builder;

  private LogbackCapture reportLog;

  @DynamicPropertySource
  static void stubs(DynamicPropertyRegistry registry) {
    registry.add("contextkit.trace.safe-hosts", () -> "127.0.0.1:" + SAFE.port());
    registry.add("test.third-party", () -> "http://127.0.0.1:" + THIRD_PARTY.port());
    registry.add("test.safe", () -> "http://127.0.0.1:" + SAFE.port());
    registry.add("test.internal", () -> "http://localhost:" + INTERNAL.port());
    registry.add("test.unacked", () -> "http://localhost:" + UNACKED.port());
  }

  @BeforeEach
  void captureReports() {
    reportLog = LogbackCapture.attach(TraceReports.LOGGER);
  }

  @AfterEach
  void stopCapture() {
    reportLog.close();
  }

  @Test
  void thirdPartyIsCalledForStandardButTraceGetsTheSyntheticResponseAndTheReport()
      throws Exception {
    int calls = THIRD_PARTY.log().size();

    HttpResponse<String> real = send(false, "third-party");
    assertThat(real.statusCode()).isEqualTo(200);
    assertThat(real.body()).contains("status=200").contains("ch_real_");
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);

    HttpResponse<String> trace = send(true, "third-party");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body())
        .contains("status=201")
        .contains("{\"id\":\"ch_trace\"}")
        .contains("suppressed=true");
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);
    assertThat(trace.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(trace.headers().firstValue("Trace-Report"))
        .hasValue(
            "committed=false; transactions=0; statements=0; entities=0; http=1; messages=0; mail=0; cache=0;"
                + " sessions=0; violations=0");
    assertThat(reportEffects())
        .containsExactly(
            "HTTP_CALL 127.0.0.1:"
                + THIRD_PARTY.port()
                + ": POST /charges suppressed, synthetic 201");
  }

  @Test
  void internalHostIsCalledAsTraceAndItsAcknowledgementLetsTheRequestSucceed() throws Exception {
    int calls = INTERNAL.log().size();

    assertThat(send(false, "internal").statusCode()).isEqualTo(200);
    assertThat(INTERNAL.log()).hasSize(calls + 1);
    assertThat(INTERNAL.log().get(calls)).doesNotContain("request_type=TRACE");

    HttpResponse<String> trace = send(true, "internal");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).contains("status=200").contains("ch_real_");
    assertThat(INTERNAL.log()).hasSize(calls + 2);
    assertThat(INTERNAL.log().get(calls + 1)).contains("request_type=TRACE");
    assertThat(trace.headers().firstValue("Trace-Report").orElseThrow())
        .contains("http=1")
        .contains("violations=0");
    assertThat(reportEffects())
        .containsExactly(
            "HTTP_CALL localhost:" + INTERNAL.port() + ": POST /charges sent as TRACE");
  }

  @Test
  void unacknowledgedInternalCalleeTurnsTheTraceRequestIntoAnError() throws Exception {
    int calls = UNACKED.log().size();

    assertThat(send(false, "unacked").statusCode()).isEqualTo(200);
    assertThat(UNACKED.log()).hasSize(calls + 1);

    HttpResponse<String> trace = send(true, "unacked");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.headers().firstValue("Trace-Report").orElseThrow()).contains("violations=1");
    assertThat(reportEffects())
        .anySatisfy(effect -> assertThat(effect).startsWith("VIOLATION localhost:"));

    // The error the caller's code sees: the client's I/O error, caused by the missing ack.
    RequestContext direct = traceContext();
    try (ContextScope scope = direct.makeCurrent()) {
      assertThatThrownBy(
              () ->
                  builder
                      .build()
                      .post()
                      .uri("http://localhost:" + UNACKED.port() + "/charges")
                      .retrieve()
                      .toBodilessEntity()
                      .block(Duration.ofSeconds(10)))
          .isInstanceOf(WebClientRequestException.class)
          .hasCauseInstanceOf(TraceNotAcknowledgedException.class)
          .hasMessageContaining("without the Trace-Applied");
    }
    assertThat(TraceReport.from(direct.sideEffects().report()).hasViolations()).isTrue();
  }

  @Test
  void safeThirdPartyIsCalledUnderTraceWithoutTheContext() throws Exception {
    int calls = SAFE.log().size();

    assertThat(send(false, "safe").statusCode()).isEqualTo(200);
    HttpResponse<String> trace = send(true, "safe");

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).contains("status=200").contains("ch_real_");
    assertThat(SAFE.log()).hasSize(calls + 2);
    assertThat(SAFE.log().get(calls + 1)).endsWith("baggage=null");
    assertThat(trace.headers().firstValue("Trace-Report").orElseThrow()).contains("http=0");
  }

  @Test
  void traceCarriedOnlyInTheReactorContextIsSuppressedToo() {
    int calls = THIRD_PARTY.log().size();
    RequestContext trace = traceContext();
    assertThat(RequestContext.current().isEmpty()).isTrue();

    ResponseEntity<String> response =
        builder
            .build()
            .post()
            .uri("http://127.0.0.1:" + THIRD_PARTY.port() + "/charges")
            .retrieve()
            .toEntity(String.class)
            .contextWrite(context -> context.put(RequestContextThreadLocalAccessor.KEY, trace))
            .block(Duration.ofSeconds(10));

    assertThat(response.getStatusCode().value()).isEqualTo(201);
    assertThat(response.getBody()).isEqualTo("{\"id\":\"ch_trace\"}");
    assertThat(THIRD_PARTY.log()).hasSize(calls);
    assertThat(TraceReport.from(trace.sideEffects().report()).count(SideEffect.Kind.HTTP_CALL))
        .isEqualTo(1);
  }

  @Test
  void webClientBeanBuiltWithoutBootsBuilderIsGuardedToo() {
    int calls = THIRD_PARTY.log().size();
    String url = "http://127.0.0.1:" + THIRD_PARTY.port() + "/charges";

    assertThat(post(userWebClient, url).getStatusCode().value()).isEqualTo(200);
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);

    RequestContext trace = traceContext();
    ResponseEntity<String> response;
    try (ContextScope scope = trace.makeCurrent()) {
      response = post(userWebClient, url);
    }
    assertThat(response.getStatusCode().value()).isEqualTo(201);
    assertThat(response.getHeaders().getFirst("Trace-Suppressed")).isEqualTo("true");
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);
  }

  private static ResponseEntity<String> post(WebClient client, String url) {
    return client.post().uri(url).retrieve().toEntity(String.class).block(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(boolean trace, String target) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/charge?target=" + target))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (trace) {
      b.header("baggage", "request_type=TRACE")
          .header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("tracer:pw".getBytes(StandardCharsets.UTF_8)));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code trace.effects} of the single report event logged since the test started. */
  private List<String> reportEffects() {
    assertThat(reportLog.events()).hasSize(1);
    Map<String, Object> kv = new LinkedHashMap<>();
    reportLog.events().get(0).getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
    @SuppressWarnings("unchecked")
    List<String> effects = (List<String>) kv.get("trace.effects");
    return effects;
  }

  private static RequestContext traceContext() {
    return RequestContext.builder()
        .traceId(Ids.randomTraceId())
        .parentId(Ids.randomSpanId())
        .traceFlags((byte) 1)
        .requestId("req-" + Ids.randomSpanId())
        .userId("tracy")
        .requestType(RequestType.TRACE)
        .build();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ChargeController.class)
  static class App {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
          .httpBasic(Customizer.withDefaults())
          .csrf(csrf -> csrf.disable())
          .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("tracer").password("{noop}pw").authorities("CONTEXTKIT_TRACE").build());
    }

    /** Declared without Boot's builder: the starter's post-processor must still guard it. */
    @Bean
    WebClient userWebClient() {
      return WebClient.create();
    }
  }

  @RestController
  static class ChargeController {
    private final WebClient client;
    private final Map<String, String> targets = new LinkedHashMap<>();

    ChargeController(
        WebClient.Builder builder,
        @Value("${test.third-party}") String third,
        @Value("${test.safe}") String safe,
        @Value("${test.internal}") String internal,
        @Value("${test.unacked}") String unacked) {
      this.client = builder.build();
      targets.put("third-party", third);
      targets.put("safe", safe);
      targets.put("internal", internal);
      targets.put("unacked", unacked);
    }

    /** Charges the chosen service and answers what came back. */
    @PostMapping("/charge")
    String charge(@RequestParam String target) {
      ResponseEntity<String> response =
          client
              .post()
              .uri(targets.get(target) + "/charges")
              .bodyValue("{}")
              .retrieve()
              .toEntity(String.class)
              .block(Duration.ofSeconds(10));
      return "status="
          + response.getStatusCode().value()
          + " suppressed="
          + response.getHeaders().getFirst("Trace-Suppressed")
          + " body="
          + response.getBody();
    }
  }
}
