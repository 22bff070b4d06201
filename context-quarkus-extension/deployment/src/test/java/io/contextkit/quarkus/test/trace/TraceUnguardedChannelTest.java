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

/**
 * With the JDBC backstop switched off, the datasource is an unguarded channel: every TRACE request
 * is refused with 503 before any application code runs, the body naming the channel and the key
 * that declares it safe; STANDARD requests still write.
 */
class TraceUnguardedChannelTest {

  private static final String URL = "jdbc:h2:mem:contextkit-unguarded-channel;DB_CLOSE_DELAY=-1";

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
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Inject EffectChannels channels;

  @Test
  void traceIsRefusedNamingTheChannelAndNothingRuns() {
    NoteResource.committed(URL, "");
    int calls = NoteResource.CALLS.get();
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED);

    Response trace = given().header("baggage", "request_type=TRACE").post("/notes/refused");

    assertThat(trace.statusCode()).isEqualTo(503);
    assertThat(trace.body().asString())
        .contains("data-source <default> (quarkus.contextkit.trace.jdbc-guard.enabled=false)")
        .contains("quarkus.contextkit.trace.safe-channels.data-source.\"<default>\"=<reason>")
        .contains("quarkus.contextkit.trace.unguarded-channels=warn");
    assertThat(trace.header("Cache-Control")).isEqualTo("no-store");
    assertThat(NoteResource.CALLS.get()).isEqualTo(calls);
    assertThat(NoteResource.committed(URL, "refused")).isZero();
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(refused + 1);

    Response standard = given().post("/notes/standard");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(NoteResource.committed(URL, "standard")).isEqualTo(1);
  }

  @Test
  void theStartupLineWarnsAboutTheUnguardedDatasource() {
    assertThat(channels.policy().startupLineIsWarning()).isTrue();
    assertThat(channels.policy().startupLine())
        .contains("0 safe, 1 unguarded: data-source <default>")
        .contains("TRACE requests are refused with 503");
  }
}
