package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void readsEveryKindOfValueKeepingMemberOrder() throws Exception {
    Map<String, Object> object =
        Json.parseObject(
            " {\"b\":1,\"a\":[true,false,null,-0.5e+2,\"x\"],\"c\":{\"d\":{}},\"e\":[]} ");

    assertThat(object.keySet()).containsExactly("b", "a", "c", "e");
    assertThat(object.get("b")).isEqualTo(new BigDecimal("1"));
    @SuppressWarnings("unchecked")
    List<Object> array = (List<Object>) object.get("a");
    assertThat(array)
        .containsExactly(Boolean.TRUE, Boolean.FALSE, Json.NULL, new BigDecimal("-0.5e+2"), "x");
    assertThat(object.get("c")).isEqualTo(Map.of("d", Map.of()));
    assertThat((List<?>) object.get("e")).isEmpty();
  }

  @Test
  void decodesEscapesAndSurrogatePairs() throws Exception {
    Object value =
        Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 \\ud800 é\"");

    assertThat(value).isEqualTo("q\" b\\ s/ \b\f\n\r\t é \uD83D\uDE00 \uD800 é");
  }

  @Test
  void aRepeatedNameKeepsItsLastValue() throws Exception {
    assertThat(Json.parseObject("{\"a\":1,\"a\":2}")).containsEntry("a", new BigDecimal("2"));
  }

  @Test
  void readsDeepButBoundedNesting() throws Exception {
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);

    assertThat(Json.parse(ok)).isInstanceOf(List.class);
    assertThatThrownBy(() -> Json.parse(tooDeep))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining("nested deeper than 256");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{a:1}",
        "{'a':1}",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "+1",
        "0x10",
        "NaN",
        "tru",
        "nul",
        "\"abc",
        "\"a\tb\"",
        "\"a\nb\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "{} {}",
        "{}x",
        "// c\n{}",
        "[1]]",
        "\"\\",
        "1e999999999999"
      })
  void refusesWhatIsNotExactlyOneJsonValue(String text) {
    assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(Json.JsonException.class);
  }

  @Test
  void saysWhereReadingStopped() {
    assertThatThrownBy(() -> Json.parse("{\"a\":tru}"))
        .isInstanceOf(Json.JsonException.class)
        .hasMessage("unexpected literal at offset 5");
  }

  @Test
  void anObjectIsRequiredWhereOneIsAskedFor() {
    assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("not a JSON object");
  }
}
