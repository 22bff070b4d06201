package io.contextkit.sample.inventory;

import io.contextkit.testsupport.KafkaKraftBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the application's {@code kafka.bootstrap.servers} at the test JVM's in-process KRaft
 * broker, which outlives the test classes that share it and stops with the JVM.
 */
public final class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", KafkaKraftBroker.sharedBootstrapServers());
  }

  @Override
  public void stop() {
    // Shared by every test class of the JVM; its shutdown hook stops it.
  }
}
