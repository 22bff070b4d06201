package io.contextkit.quarkus.test.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An unguarded datasource declared safe lets TRACE run: the declaration is the operator's word that
 * writing through it under TRACE is acceptable, so the write commits.
 */
class TraceSafeChannelTest {

  private static final String URL = "jdbc:h2:mem:contextkit-safe-channel;DB_CLOSE_DELAY=-1";

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
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.safe-channels.data-source.\"<default>\"",
              "scratch database of this test")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Inject EffectChannels channels;

  @Test
  void traceRunsOnceTheChannelIsDeclaredSafe() {
    NoteResource.committed(URL, "");
    Response trace = given().header("baggage", "request_type=TRACE").post("/notes/declared");

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(NoteResource.committed(URL, "declared")).isEqualTo(1);
    EffectChannel dataSource =
        channels.policy().inventory().channels().stream()
            .filter(c -> c.is(Kind.DATA_SOURCE, "<default>"))
            .findFirst()
            .orElseThrow();
    assertThat(dataSource.status()).isEqualTo(EffectChannel.Status.SAFE);
    assertThat(dataSource.detail()).isEqualTo("scratch database of this test");
  }
}
