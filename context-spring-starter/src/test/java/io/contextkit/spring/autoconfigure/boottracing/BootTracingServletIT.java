package io.contextkit.spring.autoconfigure.boottracing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Tomcat and a {@code RestClient} from Boot's builder, under Boot's tracing auto-configuration. */
@SpringBootTest(
    classes = BootTracingServletApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      AbstractBootTracingIT.TRUST,
      AbstractBootTracingIT.ACTIVE_KEY,
      AbstractBootTracingIT.KEY,
      AbstractBootTracingIT.EXPORT,
      AbstractBootTracingIT.SAMPLE_ALL
    })
class BootTracingServletIT extends AbstractBootTracingIT {

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
    assertThat(destination().only("/internal").all("baggage"))
        .singleElement()
        .satisfies(baggage -> assertThat(baggage).contains("user_id=alice"));
    assertThat(destination().only("/internal").all("traceparent"))
        .singleElement()
        .satisfies(tp -> assertThat(tp).startsWith("00-" + body.get("trace_id") + "-"));
    assertThat(destination().only("/third-party").all("baggage")).isEmpty();
  }
}
