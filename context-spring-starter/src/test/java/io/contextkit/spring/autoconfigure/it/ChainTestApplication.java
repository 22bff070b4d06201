package io.contextkit.spring.autoconfigure.it;

import io.contextkit.RequestContext;
import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A service whose requests travel every hop the starter wires: HTTP in, an {@code @Async} method,
 * Kafka, JMS, RabbitMQ and an outbound HTTP call to another service (a JDK {@code HttpServer} stub
 * that records the headers it receives). Each hop logs one line; no hop passes any id by hand.
 *
 * <ul>
 *   <li>{@code GET /leak}: HTTP → @Async → Kafka ({@code ck.leak}); the listener ends the chain.
 *   <li>{@code GET /chain}: HTTP → @Async → Kafka ({@code ck.chain}) → JMS ({@code ck.chain-jms}) →
 *       RabbitMQ ({@code ck.chain-rabbit}) → HTTP to the stub.
 * </ul>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({
  ChainTestApplication.EntryController.class,
  ChainTestApplication.AsyncHop.class,
  ChainTestApplication.Hops.class
})
class ChainTestApplication {

  static final Logger LOG = LoggerFactory.getLogger(ChainTestApplication.class);

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}pw").authorities("USER").build(),
        User.withUsername("bob").password("{noop}pw").authorities("USER").build());
  }

  @Bean
  Queue chainRabbitQueue() {
    return new Queue("ck.chain-rabbit", false);
  }

  @Bean(destroyMethod = "close")
  HeaderStub headerStub() {
    return new HeaderStub();
  }

  /** What one hop saw: the current context and the MDC's request id. */
  static Map<String, String> seen(String hop) {
    RequestContext c = RequestContext.current();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hop", hop);
    m.put("request_id", text(c.requestId()));
    m.put("trace_id", text(c.traceId()));
    m.put("user_id", text(c.userId()));
    m.put("thread", Thread.currentThread().getName());
    return m;
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }

  @RestController
  static class EntryController {

    private final AsyncHop async;

    EntryController(AsyncHop async) {
      this.async = async;
    }

    @GetMapping("/leak")
    Map<String, String> leak() {
      LOG.info("leak http");
      async.sendTo("ck.leak");
      return seen("http");
    }

    @GetMapping("/chain")
    Map<String, String> chain() {
      LOG.info("chain http");
      async.sendTo("ck.chain");
      return seen("http");
    }
  }

  @Service
  static class AsyncHop {

    private final KafkaTemplate<String, String> kafka;

    AsyncHop(KafkaTemplate<String, String> kafka) {
      this.kafka = kafka;
    }

    @Async
    public void sendTo(String topic) {
      LOG.info("async hop");
      kafka.send(topic, RequestContext.current().requestId());
    }
  }

  /** The consuming side of every hop; each records what it saw for the test. */
  @Component
  static class Hops {

    final BlockingQueue<Map<String, String>> leakEnds = new LinkedBlockingQueue<>();
    final BlockingQueue<Map<String, String>> chainEnds = new LinkedBlockingQueue<>();

    private final JmsTemplate jms;
    private final RabbitTemplate rabbit;
    private final RestClient client;
    private final HeaderStub stub;

    Hops(JmsTemplate jms, RabbitTemplate rabbit, RestClient.Builder clients, HeaderStub stub) {
      this.jms = jms;
      this.rabbit = rabbit;
      this.client = clients.build();
      this.stub = stub;
    }

    @KafkaListener(id = "ck-leak", topics = "ck.leak")
    void leak(String payload) {
      LOG.info("kafka hop");
      leakEnds.add(seen("kafka"));
    }

    @KafkaListener(id = "ck-chain", topics = "ck.chain")
    void chainKafka(String payload) {
      LOG.info("kafka hop");
      jms.convertAndSend("ck.chain-jms", payload);
    }

    @JmsListener(destination = "ck.chain-jms")
    void chainJms(String payload) {
      LOG.info("jms hop");
      rabbit.convertAndSend("ck.chain-rabbit", payload);
    }

    @RabbitListener(queues = "ck.chain-rabbit")
    void chainRabbit(String payload) {
      LOG.info("rabbit hop");
      String answer =
          client
              .get()
              .uri("http://127.0.0.1:" + stub.port() + "/downstream")
              .retrieve()
              .body(String.class);
      LOG.info("outbound http answered {}", answer);
      chainEnds.add(seen("rabbit"));
    }
  }

  /** Another service: records the context headers of every request it receives. */
  static final class HeaderStub implements AutoCloseable {

    final BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();
    private final RecordingHttpServer server =
        RecordingHttpServer.start(
            request -> {
              Map<String, String> headers = new LinkedHashMap<>();
              for (String name :
                  new String[] {"traceparent", "baggage", "x-request-id", "contextkit-signature"}) {
                String value = request.header(name);
                headers.put(name, value == null ? "" : value);
              }
              received.add(headers);
              return Response.ok("ok");
            });

    int port() {
      return server.port();
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
