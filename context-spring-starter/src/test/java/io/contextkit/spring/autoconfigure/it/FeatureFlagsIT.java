package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Flags defined in application YAML ({@code flags-it.yml}), evaluated by a controller through the
 * OpenFeature {@code Client} bean, on a real Tomcat: the flag follows the caller's context (tester
 * account, licence), and every JSON log line written after the evaluation lists it — for that
 * request only, even with 200 requests of two users in flight at once.
 */
@SpringBootTest(
    classes = FlagsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=flags-it")
class FeatureFlagsIT {

  private static final String PRICING_LOGGER = FlagsTestApplication.LOG.getName();

  @LocalServerPort int port;

  private JsonLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = JsonLogCapture.attach();
  }

  @AfterEach
  void stopCapture() {
    logs.detach();
  }

  private HttpRequest pricing(String requestId, String baggage) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pricing"))
        .header("X-Request-Id", requestId)
        .header("baggage", baggage)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private Map<String, List<Map<String, Object>>> pricingLinesByRequest() {
    Map<String, List<Map<String, Object>>> byRequest = new HashMap<>();
    for (Map<String, Object> line : logs.events()) {
      if (PRICING_LOGGER.equals(line.get("logger_name"))) {
        byRequest
            .computeIfAbsent((String) line.get("request_id"), k -> new ArrayList<>())
            .add(line);
      }
    }
    return byRequest;
  }

  @Test
  void flagFromYamlTargetsTheTesterAccountAndIsListedOnItsLogLines() throws Exception {
    Map<String, Object> tester =
        Http.json(
            Http.get(
                port,
                "/pricing",
                "X-Request-Id",
                "req-tester",
                "baggage",
                "user_id=t-1,tester=true"));
    Map<String, Object> gold =
        Http.json(
            Http.get(
                port,
                "/pricing",
                "X-Request-Id",
                "req-gold",
                "baggage",
                "user_id=g-1,license=gold"));
    Map<String, Object> basic =
        Http.json(
            Http.get(
                port,
                "/pricing",
                "X-Request-Id",
                "req-basic",
                "baggage",
                "user_id=b-1,license=basic"));
    assertThat(tester).containsEntry("newPricing", true).containsEntry("banner", "#00f");
    assertThat(gold).containsEntry("newPricing", true);
    assertThat(basic).containsEntry("newPricing", false);

    Map<String, List<Map<String, Object>>> lines = pricingLinesByRequest();
    assertThat(lines.get("req-tester"))
        .extracting(line -> line.get("feature_flags"))
        .containsExactly(null, "new-pricing=on", "new-pricing=on");
    assertThat(lines.get("req-basic"))
        .extracting(line -> line.get("feature_flags"))
        .containsExactly(null, "new-pricing=off", "new-pricing=off");
  }

  @Test
  void concurrentRequestsOfTwoUsersNeverSeeEachOthersFlags() {
    HttpClient client = HttpClient.newBuilder().build();
    int n = 200;
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String baggage = i % 2 == 0 ? "user_id=tess,tester=true" : "user_id=bob,license=basic";
      responses.add(
          client.sendAsync(pricing("conc-" + i, baggage), HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < n; i++) {
      Map<String, Object> body = Http.json(responses.get(i).join());
      assertThat(body.get("newPricing")).as("response %d", i).isEqualTo(i % 2 == 0);
    }

    Map<String, List<Map<String, Object>>> lines = pricingLinesByRequest();
    for (int i = 0; i < n; i++) {
      List<Map<String, Object>> request = lines.get("conc-" + i);
      assertThat(request).as("lines of request %d", i).hasSize(3);
      String expectedUser = i % 2 == 0 ? "tess" : "bob";
      String expectedFlags = i % 2 == 0 ? "new-pricing=on" : "new-pricing=off";
      for (Map<String, Object> line : request) {
        assertThat(line).as("request %d", i).containsEntry("user_id", expectedUser);
      }
      // Before the evaluation no flag is in effect; after it, exactly this request's.
      assertThat(request.get(0)).as("request %d", i).doesNotContainKey("feature_flags");
      assertThat(request.subList(1, 3))
          .as("request %d", i)
          .allSatisfy(line -> assertThat(line).containsEntry("feature_flags", expectedFlags));
    }
  }

  @Test
  void flagsEndpointListsTheYamlDefinitions() throws Exception {
    HttpResponse<String> response = Http.get(port, "/actuator/flags");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = Http.json(response);
    Map<String, Object> flags = Http.map(body.get("flags"));
    assertThat(flags).containsOnlyKeys("new-pricing", "checkout-banner");
    Map<String, Object> newPricing = Http.map(flags.get("new-pricing"));
    assertThat(newPricing)
        .containsEntry("source", "properties")
        .containsEntry("defaultVariant", "off")
        .containsEntry("type", "BOOLEAN");
    assertThat(Http.map(newPricing.get("variants")))
        .containsEntry("on", true)
        .containsEntry("off", false);
    assertThat(Http.map(newPricing.get("metadata"))).containsEntry("owner", "pricing-team");
  }
}
