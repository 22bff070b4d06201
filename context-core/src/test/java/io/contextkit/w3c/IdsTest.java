package io.contextkit.w3c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void generatesValidDistinctTraceIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.randomTraceId();
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(Ids.isValidTraceId(id)).isTrue();
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void generatesValidDistinctSpanIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.randomSpanId();
      assertThat(id).matches("[0-9a-f]{16}");
      assertThat(Ids.isValidSpanId(id)).isTrue();
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void rejectsAllZeroUppercaseAndWrongLengthIds() {
    assertThat(Ids.isValidTraceId("00000000000000000000000000000000")).isFalse();
    assertThat(Ids.isValidTraceId("4BF92F3577B34DA6A3CE929D0E0E4736")).isFalse();
    assertThat(Ids.isValidTraceId("4bf92f3577b34da6a3ce929d0e0e473")).isFalse();
    assertThat(Ids.isValidTraceId(null)).isFalse();
    assertThat(Ids.isValidSpanId("0000000000000000")).isFalse();
    assertThat(Ids.isValidSpanId("00f067aa0ba902b")).isFalse();
    assertThat(Ids.isValidSpanId("00f067aa0ba902bz")).isFalse();
    assertThat(Ids.isValidSpanId("00f067aa0ba902b7")).isTrue();
  }

  @Test
  void hexHelpersRoundTrip() {
    assertThat(Ids.toHex(0xf067aa0ba902b7L)).isEqualTo("00f067aa0ba902b7");
    assertThat(Ids.toHex(-1L)).isEqualTo("ffffffffffffffff");
    assertThat(Ids.parseHexLong("00f067aa0ba902b7")).isEqualTo(0xf067aa0ba902b7L);
    assertThat(Ids.parseHexLong(Ids.toHex(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(Ids.byteToHex(0x0a)).isEqualTo("0a");
    assertThat(Ids.isLowerHex("0123456789abcdef")).isTrue();
    assertThat(Ids.isLowerHex("A")).isFalse();
    assertThatThrownBy(() -> Ids.parseHexLong("xyz")).hasMessageContaining("hex");
  }
}
