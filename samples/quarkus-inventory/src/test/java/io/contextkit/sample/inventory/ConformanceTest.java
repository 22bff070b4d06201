package io.contextkit.sample.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /conformance/trace-context}: every element's arguments reach its URL through the
 * ordinary REST client, carrying the caller's trace.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(OrdersStubResource.class)
class ConformanceTest {

  @Test
  void postsEachElementsArgumentsToItsUrlInTheCallersTrace() {
    String stub = ConfigProvider.getConfig().getValue("inventory.orders-url", String.class);
    RequestContext caller = Contexts.context("alice", "req-conformance");

    given()
        .headers(Contexts.signed(caller))
        .contentType(ContentType.JSON)
        .body(
            "[{\"url\":\""
                + stub
                + "/harness/a\",\"arguments\":[{\"url\":\"x\",\"arguments\":[]}]},"
                + "{\"url\":\""
                + stub
                + "/harness/b\",\"arguments\":[]}]")
        .post("/conformance/trace-context")
        .then()
        .statusCode(200);

    Map<String, String> first = OrdersStub.received("/harness/a");
    Map<String, String> second = OrdersStub.received("/harness/b");
    assertThat(first)
        .containsEntry("method", "POST")
        .containsEntry("body", "[{\"url\":\"x\",\"arguments\":[]}]");
    assertThat(second).containsEntry("body", "[]");
    assertThat(first.get("traceparent")).startsWith("00-" + caller.traceId() + "-");
    assertThat(second.get("traceparent")).startsWith("00-" + caller.traceId() + "-");
    // Each outbound call is its own hop of the trace.
    assertThat(first.get("traceparent")).isNotEqualTo(second.get("traceparent"));
  }

  @Test
  void continuesAnUnsignedCallersTraceAndPassesItsTracestateToInternalHostsAndThirdParties() {
    String internal = ConfigProvider.getConfig().getValue("inventory.orders-url", String.class);
    // The same stub addressed as 127.0.0.1 is outside the trust boundary (only localhost is in).
    String thirdParty = internal.replace("localhost", "127.0.0.1");
    String traceId = "12345678901234567890123456789012";

    given()
        .header("traceparent", "00-" + traceId + "-1234567890123456-00")
        .header("tracestate", "foo=1,foo=2")
        .header("tracestate", "tenant@system=x,bar@=2")
        .header("baggage", "user_id=mallory")
        .contentType(ContentType.JSON)
        .body(
            "[{\"url\":\""
                + internal
                + "/harness/unsigned-internal\",\"arguments\":[]},"
                + "{\"url\":\""
                + thirdParty
                + "/harness/unsigned-third-party\",\"arguments\":[]}]")
        .post("/conformance/trace-context")
        .then()
        .statusCode(200);

    Map<String, String> inside = OrdersStub.received("/harness/unsigned-internal");
    Map<String, String> outside = OrdersStub.received("/harness/unsigned-third-party");
    for (Map<String, String> hop : List.of(inside, outside)) {
      assertThat(hop.get("traceparent")).startsWith("00-" + traceId + "-");
      assertThat(hop.get("traceparent")).doesNotContain("1234567890123456-");
      assertThat(hop).containsEntry("tracestate", "foo=1,tenant@system=x,bar@=2");
    }
    // The unsigned caller's identity claim reaches nobody; third parties get no context at all.
    assertThat(inside.get("baggage")).doesNotContain("mallory");
    assertThat(outside)
        .doesNotContainKeys("baggage", "x-request-id", "contextkit-signature")
        .containsKeys("traceparent", "tracestate");
  }

  @Test
  void refusesAnElementWithoutAnAbsoluteUrl() {
    given()
        .contentType(ContentType.JSON)
        .body("[{\"url\":\"/relative\",\"arguments\":[]}]")
        .post("/conformance/trace-context")
        .then()
        .statusCode(400);
  }
}
