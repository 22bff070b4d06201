package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outbound HTTP of TRACE requests against a real stub server, through the REST client and the
 * injected JDK {@code HttpClient}. {@code 127.0.0.1} is inside the trust boundary, {@code
 * localhost} (the same server) is a third party. Each case runs as STANDARD (the stub's request log
 * shows the call) and as TRACE.
 */
class TraceOutboundTest {

  private static final int PORT = Stub.port();
  private static final String INTERNAL = "http://127.0.0.1:" + PORT;
  private static final String THIRD_PARTY = "http://localhost:" + PORT;

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(OutboundResource.class, StubClient.class, Stub.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.synthetic-responses.localhost.status", "201")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.synthetic-responses.localhost.body",
              "{\"id\":\"synthetic\"}");

  private static Response call(String client, String base, String path, boolean trace) {
    return (trace ? given().header("baggage", "request_type=TRACE") : given())
        .queryParam("base", base)
        .queryParam("path", path)
        .post("/out/" + client);
  }

  private static List<String> requestsTo(String path) {
    return Stub.requests().stream().filter(r -> r.contains(" /" + path + " ")).toList();
  }

  @Test
  void restClientCallsThirdPartyForStandardOnly() {
    Response standard = call("rest", THIRD_PARTY, "pay-rest-std", false);
    Response trace = call("rest", THIRD_PARTY, "pay-rest-trace", true);

    assertThat(standard.asString()).isEqualTo("real");
    assertThat(requestsTo("pay-rest-std")).hasSize(1);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.asString()).isEqualTo("{\"id\":\"synthetic\"}");
    assertThat(requestsTo("pay-rest-trace")).isEmpty();
    assertThat(trace.header("Trace-Report")).contains("http=1").contains("violations=0");
  }

  @Test
  void restClientSendsTraceToAnAcknowledgingInternalHost() {
    call("rest", INTERNAL, "ack-rest-std", false);
    Response trace = call("rest", INTERNAL, "ack-rest-trace", true);

    assertThat(requestsTo("ack-rest-std")).singleElement().asString().doesNotContain("TRACE");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.asString()).isEqualTo("real");
    assertThat(requestsTo("ack-rest-trace"))
        .singleElement()
        .asString()
        .contains("request_type=TRACE");
    assertThat(trace.header("Trace-Report")).contains("http=1").contains("violations=0");
  }

  @Test
  void restClientFailsTraceWhenInternalHostDoesNotAcknowledge() {
    assertThat(call("rest", INTERNAL, "plain-rest-std", false).statusCode()).isEqualTo(200);
    Response trace = call("rest", INTERNAL, "plain-rest-trace", true);

    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(trace.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(trace.header("Trace-Report")).contains("violations=1");
  }

  @Test
  void jdkHttpClientCallsThirdPartyForStandardOnly() {
    Response standard = call("jdk", THIRD_PARTY, "pay-jdk-std", false);
    Response trace = call("jdk", THIRD_PARTY, "pay-jdk-trace", true);

    assertThat(standard.asString()).isEqualTo("200 real");
    assertThat(requestsTo("pay-jdk-std")).hasSize(1);
    assertThat(trace.asString()).isEqualTo("201 {\"id\":\"synthetic\"}");
    assertThat(requestsTo("pay-jdk-trace")).isEmpty();
    assertThat(trace.header("Trace-Report")).contains("http=1");
  }

  @Test
  void jdkHttpClientSendsTraceToInternalHostsAndRequiresTheAcknowledgement() {
    Response acknowledged = call("jdk", INTERNAL, "ack-jdk-trace", true);
    Response unacknowledged = call("jdk", INTERNAL, "plain-jdk-trace", true);

    assertThat(acknowledged.asString()).isEqualTo("200 real");
    assertThat(requestsTo("ack-jdk-trace"))
        .singleElement()
        .asString()
        .contains("request_type=TRACE");
    assertThat(unacknowledged.statusCode()).isEqualTo(500);
    assertThat(unacknowledged.header("Trace-Report")).contains("violations=1");
  }
}
