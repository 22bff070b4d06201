package io.contextkit.quarkus.test.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.quarkus.test.Messages;
import io.contextkit.testsupport.KafkaKraftBroker;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pre-release {@code messaging.kafka.outbound-policy} is gone: an application that still sets
 * it does not start (silently ignored, its records to unlisted topics would lose the identity
 * baggage), and the message names the key and what replaces it.
 */
class KafkaOutboundPolicyRemovedTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(PolicyResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("mp.messaging.outgoing.ledger-out.topic", "removed-ledger")
          .overrideConfigKey("mp.messaging.outgoing.partner-out.topic", "removed-partner")
          .overrideRuntimeConfigKey(
              "kafka.bootstrap.servers", KafkaKraftBroker.sharedBootstrapServers())
          .overrideRuntimeConfigKey("quarkus.contextkit.messaging.kafka.outbound-policy", "full")
          .assertException(
              e ->
                  assertThat(Messages.of(e))
                      .contains("quarkus.contextkit.messaging.kafka.outbound-policy was removed")
                      .contains("quarkus.contextkit.messaging.internal-destinations")
                      .contains("quarkus.contextkit.trust.third-party-policy"));

  @Test
  void failsStartupNamingTheKeyAndItsReplacement() {
    // assertException above checks the failure; reaching this method means startup failed.
  }
}
