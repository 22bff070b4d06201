package io.contextkit.spring.autoconfigure.trace;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The TRACE cases against H2 (in memory, shared by name with the snapshot connection). */
class H2TraceIT extends AbstractTraceIT {

  private static final String URL = "jdbc:h2:mem:contextkit-trace;DB_CLOSE_DELAY=-1";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    stubs(registry);
    registry.add("spring.datasource.url", () -> URL);
    registry.add("spring.datasource.username", () -> "sa");
    registry.add("spring.datasource.password", () -> "");
  }

  @Override
  DatabaseSnapshot snapshot() {
    return DatabaseSnapshot.take(URL, "sa", "");
  }
}
