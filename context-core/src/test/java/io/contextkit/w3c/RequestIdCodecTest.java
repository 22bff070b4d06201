package io.contextkit.w3c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdCodecTest {

  @Test
  void acceptsUuidAndTrimsOws() {
    assertThat(RequestIdCodec.parse(" \t1b4e28ba-2fa1-11d2-883f-0016d3cca427\t "))
        .isEqualTo("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  }

  @Test
  void acceptsEveryVisibleAsciiCharacterExceptQuoteAndBackslash() {
    StringBuilder all = new StringBuilder();
    for (char c = 0x21; c <= 0x7E; c++) {
      if (c != '"' && c != '\\') {
        all.append(c);
      }
    }

    assertThat(RequestIdCodec.parse(all)).isEqualTo(all.toString());
  }

  @Test
  void accepts128CharactersButNot129() {
    assertThat(RequestIdCodec.parse("a".repeat(128))).hasSize(128);
    assertThat(RequestIdCodec.parse("a".repeat(129))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\t",
        "a b",
        "a\"b",
        "a\\b",
        "a\rb",
        "a\nb",
        "a\u0000",
        "\u007f",
        "caf\u00e9"
      })
  void rejectsInvalidIds(String value) {
    assertThat(RequestIdCodec.parse(value)).isNull();
  }

  @Test
  void rejectsNull() {
    assertThat(RequestIdCodec.parse(null)).isNull();
  }

  @Test
  void extractsCaseInsensitivelyAndInjectsValidatedIds() {
    MapCarrier carrier = new MapCarrier().add("X-Request-ID", "abc-123");

    assertThat(RequestIdCodec.extract(carrier, MapCarrier.GETTER)).isEqualTo("abc-123");

    RequestIdCodec.inject(carrier, MapCarrier.SETTER, "def-456");
    assertThat(carrier.values("x-request-id")).containsExactly("def-456");
    assertThatThrownBy(() -> RequestIdCodec.inject(carrier, MapCarrier.SETTER, "bad id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
  }
}
