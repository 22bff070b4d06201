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
 * The JDBC backstop is on by default: no {@code jdbc.driver} is configured, yet an autocommit write
 * of a TRACE request is held and rolled back below the pool, while its STANDARD twin commits.
 */
class TraceJdbcDefaultGuardTest {

  private static final String URL = "jdbc:h2:mem:contextkit-default-guard;DB_CLOSE_DELAY=-1";

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
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Inject EffectChannels channels;

  @Test
  void anAutocommitWriteIsHeldForTraceAndCommittedForStandard() {
    NoteResource.committed(URL, "");
    Response standard = given().post("/notes/std-note");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(NoteResource.committed(URL, "std-note")).isEqualTo(1);

    Response trace = given().header("baggage", "request_type=TRACE").post("/notes/trace-note");
    // The write ran (and reached the backstop: a violation, so no success) and was rolled back.
    assertThat(trace.header("Trace-Applied")).isEqualTo("request_type=TRACE");
    assertThat(trace.header("Trace-Report")).contains("statements=1").contains("violations=1");
    assertThat(trace.statusCode()).isEqualTo(500);
    assertThat(NoteResource.committed(URL, "trace-note")).isZero();
  }

  @Test
  void theDatasourceIsAGuardedChannel() {
    EffectChannel dataSource =
        channels.policy().inventory().channels().stream()
            .filter(c -> c.is(Kind.DATA_SOURCE, "<default>"))
            .findFirst()
            .orElseThrow();
    assertThat(dataSource.status()).isEqualTo(EffectChannel.Status.GUARDED);
    assertThat(dataSource.detail())
        .contains("TraceGuardDriver below the pool")
        .contains("org.h2.Driver");
    assertThat(channels.policy().inventory().unguarded()).isEmpty();
  }
}
