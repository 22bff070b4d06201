package io.contextkit.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.trust.SignedFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

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

  @Property(tries = 3_000)
  void movingTextAcrossAnyFieldBoundaryChangesTheEncoding(
      @ForAll("fieldText") String joined,
      @ForAll("splits") int first,
      @ForAll("splits") int second,
      @ForAll("fieldIndex") int field) {
    int a = Math.min(first, joined.length());
    int b = Math.min(second, joined.length());
    if (a == b) {
      return;
    }
    SignedFields left = split(joined, a, field);
    SignedFields right = split(joined, b, field);

    assertThat(encode(left)).isNotEqualTo(encode(right));
  }

  @Property(tries = 3_000)
  void differentFieldTuplesNeverEncodeAlike(
      @ForAll("fields") SignedFields left, @ForAll("fields") SignedFields right) {
    if (left.equals(right)) {
      assertThat(encode(left)).isEqualTo(encode(right));
    } else {
      assertThat(encode(left)).isNotEqualTo(encode(right));
    }
  }

  @Provide
  Arbitrary<String> fieldText() {
    return Arbitraries.strings()
        .withChars("ab|;=\u0000\u0001\uD800\uDC00é")
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  @Provide
  Arbitrary<Integer> splits() {
    return Arbitraries.integers().between(0, 12);
  }

  @Provide
  Arbitrary<Integer> fieldIndex() {
    return Arbitraries.of(0, 1, 2, 3, 5);
  }

  @Provide
  Arbitrary<SignedFields> fields() {
    Arbitrary<@Nullable String> value =
        Arbitraries.strings().withChars("ab|\u0000\uD800\uDC00").ofMaxLength(3).injectNull(0.25);
    return net.jqwik.api.Combinators.combine(
            value, value, value, value, Arbitraries.of(true, false), value, value)
        .as(SignedFields::new);
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
