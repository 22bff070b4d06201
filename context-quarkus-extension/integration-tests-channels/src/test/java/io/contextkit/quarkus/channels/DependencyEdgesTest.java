package io.contextkit.quarkus.channels;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime dependency map of a Quarkus application against real components, read from {@code
 * /q/contextkit/dependencies}: the AMQP 1.0 connector (Artemis in the test JVM), Vert.x WebClients
 * (a stub server inside and outside the trust boundary), quarkus-mailer (GreenMail) and
 * quarkus-cache (Caffeine). Each case runs STANDARD and TRACE: STANDARD calls are never TRACE
 * calls; a TRACE message or mail captured, a TRACE call answered with the synthetic response and a
 * TRACE cache invalidation kept in the request's overlay are TRACE calls flagged synthetic; a
 * channel nothing went through has no edge. Every case uses edges of its own.
 */
class DependencyEdgesTest {

  private static final String BROKER_PORT = Integer.toString(Broker.port());
  private static final String SMTP_PORT = Integer.toString(Smtp.smtpPort());
  private static final int STUB_PORT = Stub.port();

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      DepsPublishResource.class,
                      DepsConsumers.class,
                      Broker.class,
                      WebClientResource.class,
                      Stub.class,
                      MailResource.class,
                      Smtp.class,
                      CacheResource.class,
                      PriceService.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("mp.messaging.outgoing.deps-partner-out.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.outgoing.deps-partner-out.address", "deps-partner")
          .overrideConfigKey("mp.messaging.outgoing.deps-work-out.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.outgoing.deps-work-out.address", "deps-work")
          .overrideConfigKey("mp.messaging.incoming.deps-partner-in.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.incoming.deps-partner-in.address", "deps-partner")
          .overrideConfigKey("mp.messaging.incoming.deps-work-in.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.incoming.deps-work-in.address", "deps-work")
          .overrideRuntimeConfigKey("amqp-host", "127.0.0.1")
          .overrideRuntimeConfigKey("amqp-port", BROKER_PORT)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.internal-hosts", "127.0.0.1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peer-names", "amqp:deps-work")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.messaging.internal-destinations", "deps-work")
          .overrideRuntimeConfigKey("quarkus.mailer.mock", "false")
          .overrideRuntimeConfigKey("quarkus.mailer.from", "app@example.com")
          .overrideRuntimeConfigKey("quarkus.mailer.host", "127.0.0.1")
          .overrideRuntimeConfigKey("quarkus.mailer.port", SMTP_PORT)
          .overrideRuntimeConfigKey("quarkus.mailer.start-tls", "DISABLED")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.mock", "false")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.from", "alerts@example.com")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.host", "127.0.0.1")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.port", SMTP_PORT)
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.start-tls", "DISABLED");

  private static Response post(String path, boolean trace) {
    return given()
        .header("baggage", trace ? "request_type=TRACE,user_id=alice" : "user_id=alice")
        .post(path);
  }

  private static List<Map<String, Object>> edges() {
    JsonPath report = given().get("/q/contextkit/dependencies").jsonPath();
    return report.getList("edges");
  }

  private static Map<String, Object> edgeOrNull(String kind, String name, String direction) {
    return edges().stream()
        .filter(
            e ->
                kind.equals(e.get("kind"))
                    && name.equals(e.get("name"))
                    && direction.equals(e.get("direction")))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Object> edge(String kind, String name, String direction) {
    Map<String, Object> edge = edgeOrNull(kind, name, direction);
    assertThat(edge).as("edge %s %s %s in %s", kind, name, direction, edges()).isNotNull();
    return edge;
  }

  private static Map<String, Object> awaitEdge(
      String kind, String name, String direction, int calls) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Object> edge = edgeOrNull(kind, name, direction);
    while ((edge == null || ((Number) edge.get("calls")).intValue() < calls)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      edge = edgeOrNull(kind, name, direction);
    }
    assertThat(edge).as("edge %s %s %s", kind, name, direction).isNotNull();
    return edge;
  }

  @Test
  void amqpMessagesAreCountedProducedAndConsumedWithCapturedTraceMessagesSynthetic()
      throws Exception {
    // Subscribed, nothing arrived yet: no edge.
    assertThat(edgeOrNull("AMQP_ADDRESS", "deps-work", "CONSUMED")).isNull();
    assertThat(edgeOrNull("AMQP_ADDRESS", "deps-partner", "CONSUMED")).isNull();

    assertThat(post("/deps-publish/partner/p-std", false).statusCode()).isEqualTo(200);
    assertThat(post("/deps-publish/partner/p-trace", true).statusCode()).isEqualTo(200);
    assertThat(post("/deps-publish/work/w-std", false).statusCode()).isEqualTo(200);
    assertThat(post("/deps-publish/work/w-trace", true).statusCode()).isEqualTo(200);
    awaitSeen("work/w-trace");
    awaitSeen("work/w-std");
    awaitSeen("partner/p-std");

    // External: the TRACE message was captured, never sent.
    assertThat(edge("AMQP_ADDRESS", "deps-partner", "PRODUCED"))
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1)
        .containsEntry("syntheticCalls", 1)
        .containsEntry("errors", 0);
    assertThat(awaitEdge("AMQP_ADDRESS", "deps-partner", "CONSUMED", 1))
        .containsEntry("calls", 1)
        .containsEntry("traceCalls", 0);
    assertThat(DepsConsumers.SEEN).doesNotContainKey("partner/p-trace");
    // Internal: sent as TRACE for real, consumed as TRACE.
    assertThat(edge("AMQP_ADDRESS", "deps-work", "PRODUCED"))
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1)
        .containsEntry("syntheticCalls", 0);
    assertThat(awaitEdge("AMQP_ADDRESS", "deps-work", "CONSUMED", 2))
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1)
        .containsEntry("syntheticCalls", 0);
    assertThat(DepsConsumers.SEEN.get("work/w-trace")).isEqualTo("TRACE");
  }

  @Test
  void webClientCallsAreCountedPerHostInsideAndOutsideTheTrustBoundary() {
    String internal = "http://127.0.0.1:" + STUB_PORT;
    String thirdParty = "http://localhost:" + STUB_PORT;
    assertThat(webclient(internal + "/wc-int-std", false)).isEqualTo("200 real");
    assertThat(webclient(internal + "/ack-wc-int-trace", true)).isEqualTo("200 real");
    assertThat(webclient(thirdParty + "/wc-third-std", false)).isEqualTo("200 real");
    assertThat(webclient(thirdParty + "/wc-third-trace", true)).startsWith("202");
    // Nothing listens on port 1: a failure.
    assertThat(
            given()
                .header("baggage", "user_id=alice")
                .queryParam("url", "http://127.0.0.1:1/down")
                .post("/webclient/core")
                .statusCode())
        .isEqualTo(500);

    Map<String, Object> inside = edge("INTERNAL_SERVICE", "127.0.0.1:" + STUB_PORT, "CALLED");
    assertThat(inside)
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1)
        .containsEntry("syntheticCalls", 0)
        .containsEntry("errors", 0);
    assertThat(inside.get("latencyP50Millis")).isInstanceOf(Number.class);
    Map<String, Object> outside = edge("THIRD_PARTY", "localhost:" + STUB_PORT, "CALLED");
    assertThat(outside)
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 1)
        .containsEntry("syntheticCalls", 1)
        .containsEntry("errors", 0);
    // One latency sample, the STANDARD call's.
    assertThat(outside.get("latencyP50Millis")).isEqualTo(outside.get("latencyP99Millis"));
    assertThat(Stub.requestsTo("wc-third-trace")).isEmpty();
    assertThat(edge("INTERNAL_SERVICE", "127.0.0.1:1", "CALLED"))
        .containsEntry("calls", 1)
        .containsEntry("errors", 1);
  }

  private static String webclient(String url, boolean trace) {
    return given()
        .header("baggage", trace ? "request_type=TRACE,user_id=alice" : "user_id=alice")
        .queryParam("url", url)
        .post("/webclient/core")
        .asString();
  }

  @Test
  void mailSendsAreCountedOnTheSmtpServerWithCapturedTraceMailsSynthetic() {
    String server = "127.0.0.1:" + SMTP_PORT;
    assertThat(edgeOrNull("MAIL", server, "CALLED")).isNull();

    assertThat(post("/mail/blocking/ann@customers.test", false).statusCode()).isEqualTo(200);
    assertThat(post("/mail/reactive/ann@customers.test", false).statusCode()).isEqualTo(200);
    assertThat(post("/mail/blocking/bob@customers.test", true).statusCode()).isEqualTo(200);
    assertThat(post("/mail/client/bob@customers.test", true).statusCode()).isEqualTo(200);

    Map<String, Object> mail = edge("MAIL", server, "CALLED");
    assertThat(mail)
        .containsEntry("calls", 4)
        .containsEntry("traceCalls", 2)
        .containsEntry("syntheticCalls", 2)
        .containsEntry("errors", 0);
    assertThat(mail.get("latencyP50Millis")).isInstanceOf(Number.class);
  }

  @Test
  void cacheOperationsAreCountedPerCacheWithTraceInvalidationsSynthetic() {
    assertThat(edgeOrNull("CACHE", "prices", "CALLED")).isNull();

    // Two lookups each: STANDARD, then TRACE.
    post("/cache/price/deps-std", false);
    assertThat(edge("CACHE", "prices", "CALLED"))
        .containsEntry("calls", 2)
        .containsEntry("traceCalls", 0)
        .containsEntry("syntheticCalls", 0);
    post("/cache/price/deps-trace", true);
    assertThat(edge("CACHE", "prices", "CALLED"))
        .containsEntry("calls", 4)
        .containsEntry("traceCalls", 2)
        .containsEntry("syntheticCalls", 0);
    // A TRACE invalidation stays in the overlay (synthetic), then one lookup.
    post("/cache/forget/deps-std", true);
    assertThat(edge("CACHE", "prices", "CALLED"))
        .containsEntry("calls", 6)
        .containsEntry("traceCalls", 4)
        .containsEntry("syntheticCalls", 1)
        .containsEntry("errors", 0);
  }

  private static void awaitSeen(String key) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!DepsConsumers.SEEN.containsKey(key)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no message " + key + "; seen " + DepsConsumers.SEEN.keySet());
      }
      Thread.sleep(50);
    }
  }

  /** Publishes from a REST request to the partner (external) or work (internal) address. */
  @Path("/deps-publish")
  public static class DepsPublishResource {

    @Inject
    @Channel("deps-partner-out")
    Emitter<String> partner;

    @Inject
    @Channel("deps-work-out")
    Emitter<String> work;

    @POST
    @Path("/{destination}/{id}")
    public String publish(
        @PathParam("destination") String destination, @PathParam("id") String id) {
      (destination.equals("work") ? work : partner).send(id).toCompletableFuture().join();
      return "sent " + id;
    }
  }

  /** Records the request type each message ran with. */
  @ApplicationScoped
  public static class DepsConsumers {

    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @Incoming("deps-partner-in")
    @Blocking
    public void partner(String id) {
      SEEN.put("partner/" + id, RequestContext.current().requestType().name());
    }

    @Incoming("deps-work-in")
    @Blocking
    public void work(String id) {
      SEEN.put("work/" + id, RequestContext.current().requestType().name());
    }
  }
}
