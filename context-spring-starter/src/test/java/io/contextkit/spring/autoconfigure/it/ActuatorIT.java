package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The {@code contextkit} actuator endpoint over real HTTP: the trust configuration without a
 * secret, the active integrations, and counters (also as Micrometer metrics) that move after a
 * malformed request.
 */
@SpringBootTest(
    classes = FlagsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=flags-it")
class ActuatorIT {

  private static final String SECRET_1 = "U2VjcmV0S2V5T25lLVNob3VsZE5ldmVyQmVTaG93bi0xMjM0NTY=";
  private static final String SECRET_2 = "U2VjcmV0S2V5VHdvLVNob3VsZE5ldmVyQmVTaG93bi0xMjM0NTY=";

  @LocalServerPort int port;

  private Map<String, Object> endpoint() throws Exception {
    HttpResponse<String> response = Http.get(port, "/actuator/contextkit");
    assertThat(response.statusCode()).isEqualTo(200);
    // Neither the secrets nor any recognisable part of them appear.
    assertThat(response.body())
        .doesNotContain(SECRET_1)
        .doesNotContain(SECRET_2)
        .doesNotContain("U2VjcmV0")
        .doesNotContain("SecretKey");
    return Http.json(response);
  }

  private static long counter(Map<String, Object> endpoint, String name) {
    return ((Number) Http.map(endpoint.get("counters")).get(name)).longValue();
  }

  private double metric(String name) throws Exception {
    HttpResponse<String> response = Http.get(port, "/actuator/metrics/" + name);
    assertThat(response.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> measurements =
        (List<Map<String, Object>>) Http.json(response).get("measurements");
    return ((Number) measurements.get(0).get("value")).doubleValue();
  }

  @Test
  void endpointShowsTheTrustBoundaryWithKeyIdsOnly() throws Exception {
    Map<String, Object> body = endpoint();
    Map<String, Object> trust = Http.map(body.get("trust"));
    assertThat(trust.get("trustedPeers")).isEqualTo(List.of("127.0.0.1", "::1"));
    assertThat(trust.get("internalHosts")).isEqualTo(List.of("localhost", "*.svc.cluster.local"));
    assertThat(trust).containsEntry("untrustedTraceIdMode", "RESTART");
    assertThat(trust).containsEntry("thirdPartyPolicy", "TRACE_CONTEXT");
    Map<String, Object> signing = Http.map(trust.get("signing"));
    assertThat(signing).containsEntry("activeKeyId", "k2");
    assertThat(signing.get("keyIds")).isEqualTo(List.of("k1", "k2"));
    assertThat(Http.map(body.get("baggage"))).containsEntry("maxMembers", 64);
    assertThat(Http.map(body.get("integrations")))
        .containsEntry("web-mvc", true)
        .containsEntry("feature-flags", true)
        .containsEntry("metrics", true)
        .containsEntry("executors", true);
  }

  @Test
  void countersMoveAfterAMalformedRequest() throws Exception {
    long before = counter(endpoint(), "traceparent.invalid");
    double metricBefore = metric("contextkit.traceparent.invalid");
    HttpResponse<String> response =
        Http.get(port, "/pricing", "traceparent", "00-not-a-trace-parent-01");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(counter(endpoint(), "traceparent.invalid")).isEqualTo(before + 1);
    assertThat(metric("contextkit.traceparent.invalid")).isEqualTo(metricBefore + 1);
  }
}
