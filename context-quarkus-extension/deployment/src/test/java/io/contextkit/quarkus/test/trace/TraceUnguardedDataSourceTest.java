package io.contextkit.quarkus.test.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.Messages;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code require-jdbc-guard}, a datasource whose connections the TRACE driver does not guard
 * (here: the backstop switched off) stops the application, and the message names the keys.
 */
class TraceUnguardedDataSourceTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(CountingResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.datasource.db-kind", "h2")
          .overrideConfigKey("quarkus.hibernate-orm.enabled", "false")
          .overrideRuntimeConfigKey(
              "quarkus.datasource.jdbc.url", "jdbc:h2:mem:contextkit-unguarded;DB_CLOSE_DELAY=-1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.jdbc-guard.enabled", "false")
          .overrideRuntimeConfigKey("quarkus.contextkit.trace.require-jdbc-guard", "true")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains("the JDBC backstop is off for 1 datasource(s)")
                      .contains("<default> (quarkus.contextkit.trace.jdbc-guard.enabled=false)")
                      .contains("quarkus.contextkit.trace.require-jdbc-guard=true"));

  @Test
  void failsStartup() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
