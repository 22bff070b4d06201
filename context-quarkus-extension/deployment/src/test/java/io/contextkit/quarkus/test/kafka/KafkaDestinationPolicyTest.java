package io.contextkit.quarkus.test.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.KafkaKraftBroker;
import io.quarkus.test.QuarkusUnitTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One messaging rule, as on Spring: a STANDARD record to a topic of {@code
 * messaging.internal-destinations} carries the whole context (identity baggage, request id,
 * signature); a record to any other topic carries only what {@code trust.third-party-policy} allows
 * ({@code traceparent} and {@code tracestate}). Both records of one request, read back from the
 * real broker.
 */
class KafkaDestinationPolicyTest {

  private static final String BOOTSTRAP = KafkaKraftBroker.sharedBootstrapServers();
  private static final String TRACE_ID = "5af7651916cd43dd8448eb211c80319c";
  private static final String LEDGER = "policy-ledger";
  private static final String PARTNER = "policy-partner.events";
  private static final String STRING_SERIALIZER =
      "org.apache.kafka.common.serialization.StringSerializer";
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addClasses(PolicyResource.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("mp.messaging.outgoing.ledger-out.topic", LEDGER)
          .overrideConfigKey("mp.messaging.outgoing.ledger-out.value.serializer", STRING_SERIALIZER)
          .overrideConfigKey("mp.messaging.outgoing.partner-out.topic", PARTNER)
          .overrideConfigKey(
              "mp.messaging.outgoing.partner-out.value.serializer", STRING_SERIALIZER)
          .overrideRuntimeConfigKey("kafka.bootstrap.servers", BOOTSTRAP)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.signing.active-key-id", "k1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.signing.keys.k1",
              Base64.getEncoder().encodeToString(SECRET))
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.messaging.internal-destinations", "policy-ledger, audit.*");

  @Test
  void anInternalTopicGetsTheWholeContextAndAnyOtherOnlyTheTraceHeaders() {
    String id = "p-" + UUID.randomUUID();
    given()
        .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
        .header("tracestate", "vendor=1")
        .header("baggage", "user_id=alice,account_id=acme")
        .header("x-request-id", "req-policy")
        .post("/policy/" + id)
        .then()
        .statusCode(204);

    Map<String, String> ledger = headersOf(LEDGER, id);
    assertThat(ledger)
        .containsKeys("traceparent", "baggage", "x-request-id", "contextkit-signature");
    assertThat(ledger.get("traceparent")).contains(TRACE_ID);
    assertThat(ledger.get("baggage")).contains("user_id=alice").contains("account_id=acme");
    assertThat(ledger.get("x-request-id")).isEqualTo("req-policy");

    Map<String, String> partner = headersOf(PARTNER, id);
    assertThat(partner).containsKeys("traceparent", "tracestate");
    assertThat(partner.get("traceparent")).contains(TRACE_ID);
    assertThat(partner).doesNotContainKeys("baggage", "x-request-id", "contextkit-signature");
    assertThat(partner.values()).noneMatch(v -> v.contains("alice") || v.contains("req-policy"));
  }

  /** The headers of the record with value {@code value} on {@code topic}, read from the broker. */
  private static Map<String, String> headersOf(String topic, String value) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "policy-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          seen.add(record.value());
          if (value.equals(record.value())) {
            Map<String, String> headers = new TreeMap<>();
            for (Header header : record.headers()) {
              headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            return headers;
          }
        }
      }
    }
    throw new AssertionError("No record " + value + " on " + topic + " within 30s; saw " + seen);
  }
}
