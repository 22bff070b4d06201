package io.contextkit.quarkus.test.devui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.runtime.internal.ContextKitDevUiService;
import io.contextkit.quarkus.runtime.internal.TraceRequestCounters;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outside dev mode the Dev UI card costs nothing: no JSON-RPC bean, no build-time data. The TRACE
 * request counters it reads are kept by the REST entry in every mode.
 */
class DevUiOutsideDevModeTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClass(PingResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Inject Instance<ContextKitDevUiService> devUi;

  @Inject TraceRequestCounters traceCounters;

  @Test
  void registersNoDevUiServiceAndServesNoCardData() {
    assertThat(devUi.isResolvable()).isFalse();
    given().get("/q/dev-ui/context-quarkus-data.js").then().statusCode(404);
  }

  @Test
  void countsTraceRequestsServedAndRefused() {
    long served = traceCounters.servedCount();
    long malformed = traceCounters.refusedMalformedCount();

    given().header("baggage", "request_type=TRACE").get("/ping").then().statusCode(200);
    given().header("baggage", "request_type=BOGUS").get("/ping").then().statusCode(400);

    assertThat(traceCounters.servedCount()).isEqualTo(served + 1);
    assertThat(traceCounters.refusedMalformedCount()).isEqualTo(malformed + 1);
  }
}
