package io.contextkit.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testing.property.Alphabet;
import io.contextkit.testing.property.ForAll;
import io.contextkit.testing.property.Gen;
import io.contextkit.trust.SignedFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CanonicalEncodingTest {

  @Test
  void encodesShiftedFieldBoundariesDifferently() {
    byte[] first = encode(new SignedFields(null, null, "a|b", "c", false, null, null));
    byte[] second = encode(new SignedFields(null, null, "a", "b|c", false, null, null));

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void encodesFieldsThatEmbedAForgedFieldBoundaryDifferently() {
    // "\u0001" + four zero bytes is what a present field with a zeroed length would look like.
    String boundary = "\u0001\u0000\u0000\u0000\u0000";
    byte[] first =
        encode(new SignedFields(null, null, "a" + boundary + "b", "c", false, null, null));
    byte[] second =
        encode(new SignedFields(null, null, "a", "b" + boundary + "c", false, null, null));

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void encodesAbsentEmptyAndLiteralNullDifferently() {
    byte[] absent = encode(new SignedFields(null, null, null, null, false, null, null));
    byte[] empty = encode(new SignedFields(null, null, "", null, false, null, null));
    byte[] word = encode(new SignedFields(null, null, "null", null, false, null, null));
    byte[] nextFieldEmpty = encode(new SignedFields(null, null, null, "", false, null, null));

    assertThat(hex(absent, empty, word, nextFieldEmpty)).doesNotHaveDuplicates().hasSize(4);
    assertThat(Arrays.equals(empty, nextFieldEmpty)).isFalse();
  }

  @Test
  void encodesUnpairedSurrogateDifferentlyFromReplacementCharacters() {
    byte[] lone = encode(new SignedFields(null, null, "\uD800", null, false, null, null));
    byte[] question = encode(new SignedFields(null, null, "?", null, false, null, null));
    byte[] replacement = encode(new SignedFields(null, null, "\uFFFD", null, false, null, null));

    assertThat(hex(lone, question, replacement)).doesNotHaveDuplicates().hasSize(3);
  }

  @Test
  void usesStandardUtf8ForWellFormedText() {
    String text = "é€😀x";
    byte[] bytes = encode(new SignedFields(null, null, text, null, false, null, null));
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

    assertThat(indexOf(bytes, utf8)).isPositive();
  }

  @Test
  void bindsVersionKeyIdAndExpiry() {
    SignedFields fields = SignedFields.empty();
    byte[] base = CanonicalEncoding.encode("v1", "k1", 100L, fields);

    assertThat(CanonicalEncoding.encode("v2", "k1", 100L, fields)).isNotEqualTo(base);
    assertThat(CanonicalEncoding.encode("v1", "k2", 100L, fields)).isNotEqualTo(base);
    assertThat(CanonicalEncoding.encode("v1", "k1", 101L, fields)).isNotEqualTo(base);
    assertThat(CanonicalEncoding.encode("v1", "k1", 100L, fields)).isEqualTo(base);
  }

  record Shift(String joined, int first, int second, int field) {}

  @TestFactory
  DynamicNode movingTextAcrossAnyFieldBoundaryChangesTheEncoding() {
    Gen<String> fieldText = Alphabet.of("ab|;=\u0000\u0001\uD800\uDC00é").strings(1, 12);
    Gen<Integer> splits = Gen.ints(0, 12);
    Gen<Integer> fieldIndex = Gen.elements(0, 1, 2, 3, 5);
    return ForAll.of(
            c ->
                new Shift(
                    fieldText.generate(c),
                    splits.generate(c),
                    splits.generate(c),
                    fieldIndex.generate(c)))
        .tries(3_000)
        .examples(
            new Shift("\u0000", 0, 1, 0),
            new Shift("a|b", 1, 2, 2),
            new Shift("\uD800\uDC00", 1, 2, 3),
            new Shift("\u0001\u0000\u0000\u0000\u0000", 0, 5, 5))
        .check(
            shift -> {
              String joined = shift.joined();
              int a = Math.min(shift.first(), joined.length());
              int b = Math.min(shift.second(), joined.length());
              if (a == b) {
                return;
              }
              SignedFields left = split(joined, a, shift.field());
              SignedFields right = split(joined, b, shift.field());

              assertThat(encode(left)).isNotEqualTo(encode(right));
            });
  }

  record Pair(SignedFields left, SignedFields right) {}

  @TestFactory
  DynamicNode differentFieldTuplesNeverEncodeAlike() {
    Gen<@Nullable String> value = Alphabet.of("ab|\u0000\uD800\uDC00").strings(0, 3).orNull(0.25);
    Gen<Boolean> tester = Gen.booleans();
    Gen<SignedFields> fields =
        c ->
            new SignedFields(
                value.generate(c),
                value.generate(c),
                value.generate(c),
                value.generate(c),
                tester.generate(c),
                value.generate(c),
                value.generate(c));
    SignedFields empty = SignedFields.empty();
    SignedFields nulls = new SignedFields(null, null, null, null, false, null, null);
    SignedFields blanks = new SignedFields("", "", "", "", false, "", "");
    // Independent tuples rarely come close; a neighbour differs from its twin in one field only
    // (absent against empty, one character more or less), where a sloppy encoding collides.
    Gen<Integer> fieldIndex = Gen.ints(0, 6);
    Gen<Pair> neighbours =
        c -> {
          SignedFields left = fields.generate(c);
          String[] values = values(left);
          int field = fieldIndex.generate(c);
          boolean flipped = left.tester();
          if (field == 4) {
            flipped = !flipped;
          } else {
            values[field] = value.generate(c);
          }
          return new Pair(left, fields(values, flipped));
        };
    Gen<Pair> independent = c -> new Pair(fields.generate(c), fields.generate(c));
    return ForAll.of(Gen.oneOf(independent, neighbours))
        .tries(3_000)
        .examples(
            new Pair(empty, empty),
            new Pair(nulls, blanks),
            new Pair(blanks, new SignedFields("", "", "", "", true, "", "")),
            new Pair(
                new SignedFields("\uD800", null, null, null, false, null, null),
                new SignedFields("\uDC00", null, null, null, false, null, null)))
        .check(
            pair -> {
              SignedFields left = pair.left();
              SignedFields right = pair.right();
              if (left.equals(right)) {
                assertThat(encode(left)).isEqualTo(encode(right));
              } else {
                assertThat(encode(left)).isNotEqualTo(encode(right));
              }
            });
  }

  private static @Nullable String[] values(SignedFields f) {
    return new @Nullable String[] {
      f.traceId(), f.requestId(), f.userId(), f.accountId(), null, f.license(), f.requestType()
    };
  }

  private static SignedFields fields(@Nullable String[] v, boolean tester) {
    return new SignedFields(v[0], v[1], v[2], v[3], tester, v[5], v[6]);
  }

  /** Splits {@code joined} at {@code at} into field {@code field} and the field after it. */
  private static SignedFields split(String joined, int at, int field) {
    String[] values = new String[7];
    values[field] = joined.substring(0, at);
    values[field == 3 ? 5 : field + 1] = joined.substring(at);
    return new SignedFields(
        values[0], values[1], values[2], values[3], false, values[5], values[6]);
  }

  private static byte[] encode(SignedFields fields) {
    return CanonicalEncoding.encode("v1", "k1", 1L, fields);
  }

  private static List<String> hex(byte[]... encodings) {
    List<String> result = new ArrayList<>();
    for (byte[] encoding : encodings) {
      result.add(HexFormat.of().formatHex(encoding));
    }
    return result;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
