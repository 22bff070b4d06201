package io.contextkit.quarkus.test.devui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.quarkus.runtime.internal.ContextKitDevUiService;
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

  @Test
  void registersNoDevUiServiceAndServesNoCardData() {
    assertThat(devUi.isResolvable()).isFalse();
    given().get("/q/dev-ui/context-quarkus-data.js").then().statusCode(404);
  }

  @Test
  void countsTraceRequestsServedAndRefused() {
    long served = served();
    long malformed = counter(Counter.TRACE_REFUSED_MALFORMED);

    given().header("baggage", "request_type=TRACE").get("/ping").then().statusCode(200);
    given().header("baggage", "request_type=BOGUS").get("/ping").then().statusCode(400);

    assertThat(served()).isEqualTo(served + 1);
    assertThat(counter(Counter.TRACE_REFUSED_MALFORMED)).isEqualTo(malformed + 1);
  }

  private static long served() {
    return counter(Counter.TRACE_SERVED);
  }

  private static long counter(Counter counter) {
    return ContextKit.counters().get(counter);
  }
}
