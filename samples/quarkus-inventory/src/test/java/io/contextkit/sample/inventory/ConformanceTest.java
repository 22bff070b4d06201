package io.contextkit.sample.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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

    Map<String, String> first = OrderCreatedConsumerTest.received("harness-a");
    Map<String, String> second = OrderCreatedConsumerTest.received("harness-b");
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
  void refusesAnElementWithoutAnAbsoluteUrl() {
    given()
        .contentType(ContentType.JSON)
        .body("[{\"url\":\"/relative\",\"arguments\":[]}]")
        .post("/conformance/trace-context")
        .then()
        .statusCode(400);
  }
}
