package com.example.orders;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.client.RestClient;

/**
 * The orders service. Everything ContextKit does here comes from the starter and {@code
 * application.yml}: no ContextKit type is wired by hand.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(OrdersProperties.class)
@EnableAsync(proxyTargetClass = true)
public final class OrdersApplication {

  /**
   * Starts the service.
   *
   * @param args Spring Boot arguments, e.g. {@code --server.port=8080}
   */
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }

  /**
   * The one HTTP client of the service, built from Boot's builder: the starter has already added
   * context propagation and the TRACE guard to it.
   */
  @Bean
  RestClient restClient(RestClient.Builder builder) {
    return builder.build();
  }

  @Bean
  NewTopic orderCreatedTopic() {
    return TopicBuilder.name(OrderEvents.TOPIC).partitions(1).replicas(1).build();
  }
}
