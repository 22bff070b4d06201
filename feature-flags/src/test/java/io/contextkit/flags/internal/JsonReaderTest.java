package io.contextkit.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonReaderTest {

  @Test
  void readsObjectsArraysAndScalarsInOrder() {
    Object parsed =
        JsonReader.parse(
            " {\"b\": [1, -2.5, 1e3, true, false, null, \"x\"], \"a\": {}, \"c\": []} ");
    assertThat(parsed).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) parsed;
    assertThat(List.copyOf(map.keySet())).isEqualTo(List.of("b", "a", "c"));
    assertThat(map.get("b")).isEqualTo(Arrays.asList(1L, -2.5, 1000.0, true, false, null, "x"));
    assertThat(map.get("a")).isEqualTo(Map.of());
  }

  @Test
  void decodesEscapesIncludingSurrogatePairs() {
    assertThat(JsonReader.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\""))
        .isEqualTo("a\"b\\c/d\n\té😀");
  }

  @Test
  void keepsLargeIntegersExact() {
    assertThat(JsonReader.parse("123456789012345678")).isEqualTo(123456789012345678L);
    assertThat(JsonReader.parse("12345678901234567890")).isEqualTo(1.2345678901234567e19);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\":1,}|line 1, column 8",
        "[1 2]|expected ',' or ']'",
        "{\"a\":1,\"a\":2}|duplicate member \"a\"",
        "01|trailing content",
        "\"abc|unterminated string",
        "tru|expected true",
        "{\"a\"}|expected ':'",
        "1.|digit expected after '.'",
        "\"\\x\"|invalid escape",
        "[1]x|trailing content",
      })
  void rejectsInvalidJsonWithThePosition(String json, String message) {
    assertThatThrownBy(() -> JsonReader.parse(json))
        .isInstanceOf(JsonReader.JsonSyntaxException.class)
        .hasMessageContaining(message);
  }

  @Test
  void letsTheLastOfTwoEqualMembersCountWhenAskedToCollectThem() {
    List<String> duplicates = new ArrayList<>();
    Object parsed =
        JsonReader.parse("{\"a\": 1,\n \"a\": 2, \"b\": {\"c\": 3, \"c\": 4}}", duplicates);

    assertThat(parsed).isEqualTo(Map.of("a", 2L, "b", Map.of("c", 4L)));
    assertThat(duplicates)
        .containsExactly(
            "at line 2, column 2: member \"a\" appears twice; the last one counts",
            "at line 2, column 24: member \"c\" appears twice; the last one counts");
  }

  @Test
  void reportsLineAndColumnOnLaterLines() {
    assertThatThrownBy(() -> JsonReader.parse("{\n  \"a\": ?\n}"))
        .hasMessageContaining("line 2, column 8");
  }

  @Test
  void refusesNestingBeyondTheLimit() {
    char[] open = new char[300];
    Arrays.fill(open, '[');
    assertThatThrownBy(() -> JsonReader.parse(new String(open)))
        .hasMessageContaining("nesting deeper than 256");
  }
}
