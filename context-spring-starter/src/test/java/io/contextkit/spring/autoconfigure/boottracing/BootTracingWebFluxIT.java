package io.contextkit.spring.autoconfigure.boottracing;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import reactor.core.publisher.Hooks;

/**
 * Reactor Netty and a {@code WebClient} from Boot's builder, under Boot's tracing
 * auto-configuration, with Reactor's automatic context propagation as Boot users switch it on.
 */
@SpringBootTest(
    classes = BootTracingWebFluxApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.reactor.context-propagation=auto",
      AbstractBootTracingIT.TRUST,
      AbstractBootTracingIT.ACTIVE_KEY,
      AbstractBootTracingIT.KEY,
      AbstractBootTracingIT.EXPORT,
      AbstractBootTracingIT.SAMPLE_ALL
    })
class BootTracingWebFluxIT extends AbstractBootTracingIT {

  @AfterAll
  static void disableAutomaticPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }
}
