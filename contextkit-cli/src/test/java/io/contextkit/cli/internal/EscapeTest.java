package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapeTest {

  @Test
  void keepsPrintableTextAsItIs() {
    String text = "tess José 東京 😀 a=b;c \"q\" 'x'";
    assertThat(Escape.text(text)).isSameAs(text);
  }

  @Test
  void escapesControlCharactersByNameOrCodePoint() {
    assertThat(Escape.text("a\nb\rc\td\u0000e\u001bf\u007fg\u0085h"))
        .isEqualTo("a\\nb\\rc\\td\\u0000e\\u001bf\\u007fg\\u0085h");
  }

  @Test
  void escapesTheBackslashSoThatEscapingIsInjective() {
    assertThat(Escape.text("\\n")).isEqualTo("\\\\n");
    assertThat(Escape.text("\n")).isNotEqualTo(Escape.text("\\n"));
  }

  @Test
  void escapesCharactersThatReorderOrHideText() {
    assertThat(Escape.text("a\u202eb\u200bc\u2028d\u2029e\ufeff"))
        .isEqualTo("a\\u202eb\\u200bc\\u2028d\\u2029e\\ufeff");
  }

  @Test
  void escapesUnpairedSurrogatesAndPrivateOrUnassignedCodePoints() {
    assertThat(Escape.text("x\uD800y\uDC00z")).isEqualTo("x\\ud800y\\udc00z");
    assertThat(Escape.text("\uE000")).isEqualTo("\\ue000");
    assertThat(Escape.text(new String(Character.toChars(0xF0000)))).isEqualTo("\\udb80\\udc00");
  }

  @Test
  void quotesForMessages() {
    assertThat(Escape.quoted("a\u001b")).isEqualTo("'a\\u001b'");
  }
}
