package smoke;

import io.contextkit.RequestContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The smallest Spring Boot application with the starter: one endpoint answering its request id. */
@SpringBootApplication
@RestController
public class SmokeApplication {

  public static void main(String[] args) {
    SpringApplication.run(SmokeApplication.class, args);
  }

  /** The id of the request as the handler sees it: the starter's context is current here. */
  @GetMapping("/hello")
  String hello() {
    return RequestContext.current().requestId();
  }
}
