package io.contextkit.quarkus.test.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.quarkus.test.Fields;
import io.contextkit.quarkus.test.Logs;
import io.contextkit.testsupport.KafkaKraftBroker;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.w3c.Ids;
import io.quarkus.test.QuarkusUnitTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer that lags behind its producer, against a real broker: a record signed ten minutes
 * before it is consumed keeps its whole context (messages are signed for the messaging TTL, one
 * hour by default); one signed two hours before keeps its trace and request but not its user (it
 * was cut off both before messages had a signature of their own); one tampered with is a stranger
 * however late it comes.
 */
class KafkaLateRecordTest {

  private static final byte[] SECRET =
      "quarkus-late-record-test-secret-0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final String BOOTSTRAP = KafkaKraftBroker.sharedBootstrapServers();
  private static final String TOPIC = "late-orders";
  private static final String STRING_SERIALIZER = StringSerializer.class.getName();
  private static final String STRING_DESERIALIZER =
      "org.apache.kafka.common.serialization.StringDeserializer";

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      OrderResource.class, OrderConsumer.class, Fields.class, Logs.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("mp.messaging.outgoing.orders-out.topic", "late-orders-out")
          .overrideConfigKey("mp.messaging.outgoing.orders-out.value.serializer", STRING_SERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.orders-in.topic", TOPIC)
          .overrideConfigKey("mp.messaging.incoming.orders-in.auto.offset.reset", "earliest")
          .overrideConfigKey(
              "mp.messaging.incoming.orders-in.value.deserializer", STRING_DESERIALIZER)
          .overrideConfigKey("mp.messaging.incoming.batch-in.topic", "late-batch")
          .overrideConfigKey("mp.messaging.incoming.batch-in.batch", "true")
          .overrideConfigKey("mp.messaging.incoming.batch-in.auto.offset.reset", "earliest")
          .overrideConfigKey(
              "mp.messaging.incoming.batch-in.value.deserializer", STRING_DESERIALIZER)
          .overrideRuntimeConfigKey("kafka.bootstrap.servers", BOOTSTRAP)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.signing.active-key-id", "k1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.signing.keys.k1",
              Base64.getEncoder().encodeToString(SECRET));

  private static RequestContext sent(String user, String requestId) {
    return RequestContext.builder()
        .traceId(Ids.randomTraceId())
        .parentId(Ids.randomSpanId())
        .requestId(requestId)
        .userId(user)
        .build();
  }

  @Test
  void recordSignedTenMinutesAgoKeepsItsUser() {
    RequestContext sent = sent("lena", "req-late-10m");
    produce("late-10m", sent, Duration.ofMinutes(10), true);

    Map<String, String> seen = Fields.parse(await("late-10m"));

    assertThat(seen)
        .containsEntry("user_id", "lena")
        .containsEntry("request_id", "req-late-10m")
        .containsEntry("trace_id", sent.traceId());
  }

  @Test
  void recordSignedTwoHoursAgoKeepsTraceAndRequestButNotItsUser() {
    RequestContext sent = sent("otto", "req-late-2h");
    produce("late-2h", sent, Duration.ofHours(2), true);

    Map<String, String> seen = Fields.parse(await("late-2h"));

    assertThat(seen)
        .containsEntry("request_id", "req-late-2h")
        .containsEntry("trace_id", sent.traceId())
        .doesNotContainKey("user_id");
  }

  @Test
  void recordWithATamperedUserSignedTwoHoursAgoIsAStranger() {
    RequestContext sent = sent("mallory", "req-tampered");
    produce("tampered", sent, Duration.ofHours(2), true, "admin");

    Map<String, String> seen = Fields.parse(await("tampered"));

    assertThat(seen).doesNotContainKey("user_id");
    assertThat(seen.get("request_id")).isNotEqualTo("req-tampered");
    assertThat(seen.get("trace_id")).isNotEqualTo(sent.traceId());
  }

  /** Produces {@code value} with headers its producer signed {@code age} ago. */
  private static void produce(String value, RequestContext sent, Duration age, boolean asMessage) {
    produce(value, sent, age, asMessage, null);
  }

  /** Like above; a non-null {@code forgedUser} replaces the user after signing. */
  private static void produce(
      String value,
      RequestContext sent,
      Duration age,
      boolean asMessage,
      @Nullable String forgedUser) {
    ContextPropagator producer =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .signature(
                        ContextSignature.builder(SigningKeys.of("k1", SECRET))
                            .clock(Clock.fixed(Instant.now().minus(age), ZoneOffset.UTC))
                            .build())
                    .build())
            .build();
    ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, value);
    Headers headers = record.headers();
    if (asMessage) {
      producer.injectMessage(sent, headers, KafkaLateRecordTest::set, OutboundPolicy.FULL);
    } else {
      producer.inject(sent, headers, KafkaLateRecordTest::set, OutboundPolicy.FULL);
    }
    if (forgedUser != null) {
      String baggage = new String(headers.lastHeader("baggage").value(), StandardCharsets.UTF_8);
      set(headers, "baggage", baggage.replace(sent.userId(), forgedUser));
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, STRING_SERIALIZER);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, STRING_SERIALIZER);
    try (KafkaProducer<String, String> kafka = new KafkaProducer<>(props)) {
      kafka.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void set(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String await(String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String value = OrderConsumer.SEEN.get(key);
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("Nothing consumed for " + key + " within 30s");
  }
}
