package io.contextkit.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.config.ContextKitFactory;
import io.contextkit.config.ContextKitSettings;
import io.contextkit.config.SettingKeys;
import io.contextkit.quarkus.runtime.internal.KafkaConnectorContexts;
import io.contextkit.quarkus.runtime.internal.KafkaContexts;
import io.contextkit.spring.autoconfigure.kafka.internal.ContextProducerInterceptor;
import io.contextkit.trust.MessagingDestinations;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One messaging rule for Kafka on both stacks: a property set bound by each framework, then each
 * stack's own Kafka code (the starter's producer interceptor, the extension's connector) writes a
 * STANDARD record's headers for a topic; the headers are the same. A topic of {@code
 * messaging.internal-destinations} gets the whole context, any other what {@code
 * trust.third-party-policy} allows.
 */
class KafkaHeadersParityTest {

  private static final SettingKeys SPRING_KEYS = SettingKeys.bracketed("contextkit.");
  private static final SettingKeys QUARKUS_KEYS = SettingKeys.dotted("quarkus.contextkit.");
  private static final String SECRET =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static final List<String> TOPICS =
      List.of("orders.created", "audit", "audit.log", "partner.events", "billing-internal");

  static Stream<Arguments> sets() {
    return Stream.of(
        set("no internal destination", Map.of()),
        set(
            "internal topics with a signing key",
            Map.of(
                "messaging.internal-destinations", "orders.*, audit,*-internal",
                "trust.signing.keys.k1", SECRET,
                "trust.signing.active-key-id", "k1")),
        set(
            "internal topics, traceparent only to the others",
            Map.of(
                "messaging.internal-destinations", "orders.*",
                "trust.third-party-policy", "traceparent-only")),
        set(
            "internal topics, nothing to the others",
            Map.of(
                "messaging.internal-destinations", "audit", "trust.third-party-policy", "none")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sets")
  void bothStacksWriteTheSameHeadersOnARecordForEveryTopic(Map<String, String> properties) {
    for (String topic : TOPICS) {
      assertThat(quarkus(properties, topic))
          .as("record to %s", topic)
          .isEqualTo(spring(properties, topic));
    }
  }

  // The decision the parity must reach, not only reach alike.
  @Test
  void anInternalTopicGetsTheWholeContextAndAnyOtherOnlyTheTraceHeaders() {
    Map<String, String> properties =
        Map.of(
            "messaging.internal-destinations", "orders.*",
            "trust.signing.keys.k1", SECRET,
            "trust.signing.active-key-id", "k1");

    assertThat(quarkus(properties, "orders.created"))
        .containsKeys(
            "traceparent", "tracestate", "baggage", "x-request-id", "contextkit-signature")
        .containsEntry("x-request-id", "req-1");
    assertThat(quarkus(properties, "partner.events"))
        .containsOnlyKeys("traceparent", "tracestate")
        .isEqualTo(spring(properties, "partner.events"));
  }

  private static Map<String, String> spring(Map<String, String> properties, String topic) {
    ContextKitSettings settings = Stacks.spring(properties);
    ContextPropagator propagator = ContextKitFactory.propagator(settings, SPRING_KEYS);
    MessagingDestinations destinations =
        ContextKitFactory.messagingDestinations(settings, SPRING_KEYS);
    try (ContextProducerInterceptor interceptor = new ContextProducerInterceptor()) {
      interceptor.configure(
          Map.of(
              ContextProducerInterceptor.CONFIG_KEY,
              new ContextProducerInterceptor.Outbound(propagator, destinations)));
      ProducerRecord<Object, Object> record = new ProducerRecord<>(topic, "v");
      try (ContextScope scope = sample().makeCurrent()) {
        interceptor.onSend(record);
      }
      return normalized(record.headers());
    }
  }

  private static Map<String, String> quarkus(Map<String, String> properties, String topic) {
    ContextKitSettings settings = Stacks.quarkus(properties);
    ContextPropagator propagator = ContextKitFactory.propagator(settings, QUARKUS_KEYS);
    MessagingDestinations destinations =
        ContextKitFactory.messagingDestinations(settings, QUARKUS_KEYS);
    KafkaConnectorContexts connector =
        new KafkaConnectorContexts(new KafkaContexts(propagator), destinations, propagator);
    Message<?> message =
        Message.of("v").addMetadata(OutgoingKafkaRecordMetadata.builder().withTopic(topic).build());
    // As the outgoing decorator does for a STANDARD message.
    String destination = connector.destinationOf(message);
    Message<?> sent = connector.inject(message, sample(), connector.standardPolicy(destination));
    @SuppressWarnings("unchecked")
    OutgoingKafkaRecordMetadata<Object> metadata =
        sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
    assertThat(metadata.getTopic()).isEqualTo(topic);
    return normalized(metadata.getHeaders());
  }

  /** The headers, the per-hop parent id of {@code traceparent} left out, a signature's presence. */
  private static Map<String, String> normalized(Iterable<Header> headers) {
    Map<String, String> out = new TreeMap<>();
    for (Header header : headers) {
      out.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    out.computeIfPresent("traceparent", (k, v) -> v.substring(0, 35));
    out.computeIfPresent("contextkit-signature", (k, v) -> "present");
    return out;
  }

  private static RequestContext sample() {
    return RequestContext.builder()
        .traceId(TRACE_ID)
        .parentId("00f067aa0ba902b7")
        .traceFlags((byte) 1)
        .traceState("vendor=1")
        .requestId("req-1")
        .userId("alice")
        .accountId("acme")
        .requestType(RequestType.STANDARD)
        .build();
  }

  private static Arguments set(String name, Map<String, String> properties) {
    return Arguments.of(Named.of(name, properties));
  }
}
