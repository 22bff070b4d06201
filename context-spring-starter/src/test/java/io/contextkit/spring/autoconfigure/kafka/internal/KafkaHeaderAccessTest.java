package io.contextkit.spring.autoconfigure.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class KafkaHeaderAccessTest {

  private final KafkaHeaderAccess access = KafkaHeaderAccess.INSTANCE;

  @Test
  void matchesNamesCaseInsensitively() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("TraceParent", bytes("00-abc"));

    assertThat(access.get(headers, "traceparent")).isEqualTo("00-abc");
    assertThat(access.get(headers, "baggage")).isNull();
  }

  @Test
  void returnsEveryRepeatedValueInOrder() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("baggage", bytes("a=1"));
    headers.add("other", bytes("x"));
    headers.add("Baggage", bytes("b=2"));

    List<String> values = new ArrayList<>();
    access.getAll(headers, "baggage").forEachRemaining(values::add);

    assertThat(values).containsExactly("a=1", "b=2");
    assertThat(access.getAll(headers, "tracestate").hasNext()).isFalse();
  }

  @Test
  void decodesNonUtf8BytesWithoutFailingIntoCharactersTheCodecRejects() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("x-request-id", new byte[] {(byte) 0xc3, 0x28, (byte) 0xff});
    headers.add("traceparent", (byte[]) null);

    assertThat(access.get(headers, "x-request-id")).isEqualTo("\u00c3(\u00ff");
    assertThat(access.get(headers, "traceparent")).isEmpty();
  }

  @Test
  void setReplacesEarlierValues() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", bytes("old-1"));
    headers.add("traceparent", bytes("old-2"));

    access.set(headers, "traceparent", "new");

    assertThat(headers.headers("traceparent")).hasSize(1);
    assertThat(access.get(headers, "traceparent")).isEqualTo("new");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
