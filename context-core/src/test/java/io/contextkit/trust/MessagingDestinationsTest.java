package io.contextkit.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.contextkit.ContextPropagator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagingDestinationsTest {

  @Test
  void matchesExactPrefixAndSuffixPatterns() {
    MessagingDestinations internal = MessagingDestinations.of("audit", "orders.*", "*-internal");

    assertThat(internal.isInternal("audit")).isTrue();
    assertThat(internal.isInternal("orders.created")).isTrue();
    assertThat(internal.isInternal("billing-internal")).isTrue();
    assertThat(internal.isInternal("audit2")).isFalse();
    assertThat(internal.isInternal("orders")).isFalse();
    assertThat(internal.isInternal("Orders.created")).isFalse();
    assertThat(internal.isInternal("internal-billing")).isFalse();
  }

  @Test
  void starAloneMakesEveryNamedDestinationInternal() {
    MessagingDestinations all = MessagingDestinations.of("*");

    assertThat(all.isInternal("anything")).isTrue();
    assertThat(all.isInternal("")).isFalse();
    assertThat(all.isInternal(null)).isFalse();
  }

  @Test
  void noPatternsMeansNothingIsInternal() {
    assertThat(MessagingDestinations.of(List.of()).isInternal("orders")).isFalse();
    assertThat(MessagingDestinations.none().isInternal("orders")).isFalse();
  }

  @Test
  void aStarAnywhereStandsForAnyRunOfCharacters() {
    MessagingDestinations internal = MessagingDestinations.of("orders.*.created", "a*b*c");

    assertThat(internal.isInternal("orders.eu.created")).isTrue();
    assertThat(internal.isInternal("orders..created")).isTrue();
    assertThat(internal.isInternal("orders.eu.created.late")).isFalse();
    assertThat(internal.isInternal("abc")).isTrue();
    assertThat(internal.isInternal("aXbYc")).isTrue();
    assertThat(internal.isInternal("aXbY")).isFalse();
  }

  @Test
  void rejectsABlankPatternAndIgnoresSurroundingWhiteSpace() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessagingDestinations.of("orders", " "))
        .withMessageContaining("empty");
    assertThat(MessagingDestinations.of(" orders ").isInternal("orders")).isTrue();
    assertThat(MessagingDestinations.of(" orders ").patterns()).containsExactly("orders");
  }

  @Test
  void internalGetsFullContextOthersTheThirdPartyPolicy() {
    MessagingDestinations internal = MessagingDestinations.of("orders.*");
    ContextPropagator defaults = ContextPropagator.defaults();
    ContextPropagator silent =
        ContextPropagator.builder()
            .trustPolicy(TrustPolicy.builder().thirdPartyPolicy(OutboundPolicy.NONE).build())
            .build();

    assertThat(internal.outboundPolicy("orders.paid", defaults)).isEqualTo(OutboundPolicy.FULL);
    assertThat(internal.outboundPolicy("partner", defaults))
        .isEqualTo(OutboundPolicy.TRACE_CONTEXT);
    assertThat(internal.outboundPolicy("partner", silent)).isEqualTo(OutboundPolicy.NONE);
  }
}
