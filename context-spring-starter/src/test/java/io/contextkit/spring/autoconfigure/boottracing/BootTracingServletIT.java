package io.contextkit.spring.autoconfigure.boottracing;

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
class BootTracingServletIT extends AbstractBootTracingIT {}
