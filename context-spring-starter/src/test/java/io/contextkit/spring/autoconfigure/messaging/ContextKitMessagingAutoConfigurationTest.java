package io.contextkit.spring.autoconfigure.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.trust.MessagingDestinations;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ContextKitMessagingAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextKitMessagingAutoConfiguration.class));

  @Test
  void suppliesNoInternalDestinationByDefault() {
    runner.run(
        context -> {
          MessagingDestinations destinations = context.getBean(MessagingDestinations.class);
          assertThat(destinations.patterns()).isEmpty();
          assertThat(destinations.isInternal("orders")).isFalse();
        });
  }

  @Test
  void readsTheInternalDestinationsProperty() {
    runner
        .withPropertyValues("contextkit.messaging.internal-destinations=orders.*,audit")
        .run(
            context ->
                assertThat(context.getBean(MessagingDestinations.class).isInternal("orders.paid"))
                    .isTrue());
  }

  @Test
  void backsOffForAUserBean() {
    MessagingDestinations own = MessagingDestinations.of("*");
    runner
        .withBean(MessagingDestinations.class, () -> own)
        .run(context -> assertThat(context.getBean(MessagingDestinations.class)).isSameAs(own));
  }

  @Test
  void readsPatternsInTheOneGrammarOfEveryStackIgnoringBlankEntries() {
    runner
        .withPropertyValues("contextkit.messaging.internal-destinations=orders.*.created, ,a*b")
        .run(
            context -> {
              MessagingDestinations destinations = context.getBean(MessagingDestinations.class);
              assertThat(destinations.patterns()).containsExactly("orders.*.created", "a*b");
              assertThat(destinations.isInternal("orders.eu.created")).isTrue();
              assertThat(destinations.isInternal("aXb")).isTrue();
              assertThat(destinations.isInternal("orders.eu.paid")).isFalse();
            });
  }
}
