package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.amqp.QpidBrokerExtension;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import io.contextkit.testsupport.LogbackCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real TRACE HTTP request whose controller publishes through {@code JmsTemplate} (embedded
 * Artemis) and {@code RabbitTemplate} (Qpid Broker-J): STANDARD reaches both brokers, TRACE reaches
 * neither, and both captured messages are in the response's {@code Trace-Report} and in the one
 * {@code io.contextkit.trace} log event, as Kafka's are.
 */
@ExtendWith(QpidBrokerExtension.class)
@SpringBootTest(
    classes = MessagingTraceReportIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.artemis.mode=embedded",
      "spring.artemis.embedded.queues=" + MessagingTraceReportIT.JMS_QUEUE,
      "spring.rabbitmq.host=127.0.0.1"
    })
class MessagingTraceReportIT {

  static final String JMS_QUEUE = "partner.jms-report";
  static final String RABBIT_QUEUE = "partner.rabbit-report";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;
  @Autowired EmbeddedActiveMQ artemis;
  @Autowired RabbitAdmin admin;

  private LogbackCapture reportLog;

  @DynamicPropertySource
  static void brokerPort(DynamicPropertyRegistry registry) {
    registry.add("spring.rabbitmq.port", QpidBrokerExtension::port);
  }

  @BeforeEach
  void captureReports() {
    admin.purgeQueue(RABBIT_QUEUE, false);
    reportLog = LogbackCapture.attach(TraceReports.LOGGER);
  }

  @AfterEach
  void stopCapture() {
    reportLog.close();
  }

  @Test
  void standardPublishesToBothBrokersTraceToNeitherAndReportsBoth() throws Exception {
    long jmsBefore = jmsAdded();

    HttpResponse<String> real = send(false);
    assertThat(real.statusCode()).isEqualTo(200);
    assertThat(real.headers().firstValue("Trace-Report")).isEmpty();
    awaitCounts(jmsBefore + 1, 1);

    HttpResponse<String> trace = send(true);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).isEqualTo("published");
    assertThat(trace.headers().firstValue("Trace-Report"))
        .hasValue(
            "committed=false; transactions=0; statements=0; entities=0; http=0; messages=2; mail=0; cache=0;"
                + " sessions=0; violations=0");
    assertThat(reportLog.events()).hasSize(1);
    Map<String, Object> kv = new LinkedHashMap<>();
    reportLog.events().get(0).getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
    assertThat(kv).containsEntry("trace.messages", 2L);
    assertThat(kv.get("trace.effects"))
        .isEqualTo(
            List.of(
                "MESSAGE " + JMS_QUEUE + ": captured, not published",
                "MESSAGE " + RABBIT_QUEUE + ": captured, not published"));

    // A STANDARD request after it is the only thing added since.
    assertThat(send(false).statusCode()).isEqualTo(200);
    awaitCounts(jmsBefore + 2, 2);
  }

  private void awaitCounts(long jms, long rabbit) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((jmsAdded() < jms || rabbitDepth() < rabbit) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200);
    assertThat(jmsAdded()).as("JMS messages added").isEqualTo(jms);
    assertThat(rabbitDepth()).as("Rabbit queue depth").isEqualTo(rabbit);
  }

  private long jmsAdded() {
    return artemis.getActiveMQServer().locateQueue(JMS_QUEUE).getMessagesAdded();
  }

  private long rabbitDepth() {
    return admin.getQueueInfo(RABBIT_QUEUE).getMessageCount();
  }

  private HttpResponse<String> send(boolean trace) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/publish"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (trace) {
      b.header("baggage", "request_type=TRACE")
          .header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("tracer:pw".getBytes(StandardCharsets.UTF_8)));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(PublishController.class)
  static class App {

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
          User.withUsername("tracer").password("{noop}pw").authorities("CONTEXTKIT_TRACE").build());
    }

    @Bean
    Queue rabbitQueue() {
      return new Queue(RABBIT_QUEUE, false);
    }
  }

  @RestController
  static class PublishController {
    private final JmsTemplate jms;
    private final RabbitTemplate rabbit;

    PublishController(JmsTemplate jms, RabbitTemplate rabbit) {
      this.jms = jms;
      this.rabbit = rabbit;
    }

    /** Publishes one event to a partner queue on each broker. */
    @PostMapping("/publish")
    String publish() {
      jms.convertAndSend(JMS_QUEUE, "order-placed");
      rabbit.convertAndSend(RABBIT_QUEUE, "order-placed");
      return "published";
    }
  }
}
