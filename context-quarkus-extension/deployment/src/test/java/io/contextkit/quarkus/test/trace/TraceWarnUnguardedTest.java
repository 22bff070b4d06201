package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code unguarded-channels=warn}: TRACE runs despite an unguarded channel, and says so. */
class TraceWarnUnguardedTest {

  private static final String URL = "jdbc:h2:mem:contextkit-warn-channel;DB_CLOSE_DELAY=-1";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(NoteResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.datasource.db-kind", "h2")
          .overrideConfigKey("quarkus.hibernate-orm.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.datasource.jdbc.url", URL)
          .overrideRuntimeConfigKey("quarkus.datasource.username", "sa")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.jdbc-guard.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.unguarded-channels", "warn")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Inject EffectChannels channels;

  @Test
  void traceRunsAndIsCountedWithAStartupWarning() {
    NoteResource.committed(URL, "");
    long served = ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED);

    Response trace = given().header("baggage", "request_type=TRACE").post("/notes/warned");

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED)).isEqualTo(served + 1);
    assertThat(channels.policy().startupLineIsWarning()).isTrue();
    assertThat(channels.policy().startupLine())
        .contains("1 unguarded: data-source <default>")
        .contains("TRACE requests run anyway (quarkus.contextkit.trace.unguarded-channels=warn)");
  }
}
