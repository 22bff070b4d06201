package io.contextkit.spring.autoconfigure.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.spring.autoconfigure.kafka.internal.ContextBatchInterceptor;
import io.contextkit.spring.autoconfigure.kafka.internal.KafkaHeaderAccess;
import io.contextkit.spring.autoconfigure.messaging.MessagingTestSupport;
import io.contextkit.trust.OutboundPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;

@SuppressWarnings("try") // scopes are held for their effect
class ContextKitKafkaTest {

  private final ContextPropagator deployment = MessagingTestSupport.deploymentPropagator();

  @Test
  void runsEachRecordInItsOwnContextAndRestoresTheEmptyOneAfterwards() {
    RequestContext first = MessagingTestSupport.userContext("u1");
    RequestContext second = MessagingTestSupport.userContext("u2");
    List<ConsumerRecord<String, String>> records =
        List.of(record(0, "a", first), record(1, "b", second), record(2, "c", null));
    List<RequestContext> seen = new ArrayList<>();

    inBatch(() -> ContextKitKafka.forEachRecord(records, r -> seen.add(RequestContext.current())));

    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).userId()).isEqualTo("u1");
    assertThat(seen.get(0).requestId()).isEqualTo(first.requestId());
    assertThat(seen.get(1).userId()).isEqualTo("u2");
    assertThat(seen.get(1).traceId()).isEqualTo(second.traceId());
    assertThat(seen.get(2).userId()).isNull();
    assertThat(seen.get(2).requestId()).isNotIn(first.requestId(), second.requestId());
    assertThat(RequestContext.current().isEmpty()).isTrue();
  }

  @Test
  void outsideAnInterceptedBatchTrustsNoProducer() {
    List<ConsumerRecord<String, String>> records =
        List.of(record(0, "a", MessagingTestSupport.userContext("u1")));
    List<RequestContext> seen = new ArrayList<>();

    ContextKitKafka.forEachRecord(records, r -> seen.add(RequestContext.current()));

    assertThat(seen).singleElement().satisfies(c -> assertThat(c.userId()).isNull());
  }

  @Test
  void namesTheFailedRecordAndStopsThere() {
    List<ConsumerRecord<String, String>> records =
        List.of(record(0, "ok", null), record(1, "bad", null), record(2, "never", null));
    List<String> processed = new ArrayList<>();

    assertThatExceptionOfType(BatchListenerFailedException.class)
        .isThrownBy(
            () ->
                ContextKitKafka.forEachRecord(
                    records,
                    r -> {
                      processed.add(r.value());
                      if (r.value().equals("bad")) {
                        throw new IllegalStateException("boom");
                      }
                    }))
        .satisfies(e -> assertThat(e.getRecord()).isSameAs(records.get(1)))
        .withCauseInstanceOf(IllegalStateException.class);
    assertThat(processed).containsExactly("ok", "bad");
    assertThat(RequestContext.current().isEmpty()).isTrue();
  }

  private void inBatch(Runnable body) {
    ContextBatchInterceptor interceptor = new ContextBatchInterceptor(deployment, null);
    ConsumerRecords<Object, Object> none = new ConsumerRecords<>(Map.of(), Map.of());
    interceptor.intercept(none, null);
    try {
      body.run();
    } finally {
      interceptor.clearThreadState(null);
    }
    assertThat(ContextBatchInterceptor.activePropagator()).isNull();
  }

  private ConsumerRecord<String, String> record(
      long offset, String value, @Nullable RequestContext context) {
    ConsumerRecord<String, String> record =
        new ConsumerRecord<>("ck.batch", 0, offset, null, value);
    if (context != null) {
      deployment.inject(context, record.headers(), KafkaHeaderAccess.INSTANCE, OutboundPolicy.FULL);
    }
    return record;
  }
}
