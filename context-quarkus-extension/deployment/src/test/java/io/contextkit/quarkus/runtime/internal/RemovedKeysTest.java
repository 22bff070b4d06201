package io.contextkit.quarkus.runtime.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** The removed Kafka outbound policy is found in every form a user may set it, never elsewhere. */
class RemovedKeysTest {

  @Test
  void refusesTheRemovedKeyAsAnEnvironmentVariableNamingItButNotItsValue() {
    Config config = config(Map.of("QUARKUS_CONTEXTKIT_MESSAGING_KAFKA_OUTBOUND_POLICY", "x-full"));

    assertThatIllegalStateException()
        .isThrownBy(() -> RemovedKeys.check(config))
        .withMessageStartingWith("QUARKUS_CONTEXTKIT_MESSAGING_KAFKA_OUTBOUND_POLICY was removed")
        .withMessageContaining("quarkus.contextkit.messaging.internal-destinations")
        .withMessageNotContaining("x-full");
  }

  @Test
  void refusesThePreReleaseRootLevelForm() {
    Config config = config(Map.of("quarkus.contextkit.kafka.outbound-policy", "full"));

    assertThatIllegalStateException()
        .isThrownBy(() -> RemovedKeys.check(config))
        .withMessageStartingWith("quarkus.contextkit.kafka.outbound-policy was removed");
  }

  @Test
  void acceptsTheKeysThatReplaceIt() {
    Config config =
        config(
            Map.of(
                "quarkus.contextkit.messaging.internal-destinations", "orders.*",
                "quarkus.contextkit.messaging.kafka.enabled", "true",
                "quarkus.contextkit.trust.third-party-policy", "none"));

    assertThatCode(() -> RemovedKeys.check(config)).doesNotThrowAnyException();
  }

  private static Config config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .build();
  }
}
