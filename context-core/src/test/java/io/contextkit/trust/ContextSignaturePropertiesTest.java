package io.contextkit.trust;

import static io.contextkit.trust.TestKeys.CLOCK;
import static io.contextkit.trust.TestKeys.FIELDS;
import static io.contextkit.trust.TestKeys.secret;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Garbage in, never an exception and never a valid signature out: 40,000 generated headers plus an
 * exhaustive single-character tamper sweep of a valid header.
 */
class ContextSignaturePropertiesTest {

  private static final SigningKeys KEYS =
      SigningKeys.builder()
          .key("k1", secret("one"))
          .key("k2", secret("two"))
          .activeKeyId("k1")
          .build();
  private static final ContextSignature SIGNATURE = TestKeys.signature(KEYS, CLOCK);
  private static final String VALID = SIGNATURE.sign(FIELDS);

  @Property(tries = 10_000)
  void randomTextNeverThrowsAndNeverVerifies(@ForAll("randomText") String header) {
    SignatureVerification result = SIGNATURE.verify(header, FIELDS);

    assertThat(result.isValid()).isFalse();
    assertThat(result.failure()).isNotNull();
  }

  @Property(tries = 10_000)
  void headersOfTheRightShapeWithForgedSignaturesNeverVerify(
      @ForAll("forgedHeaders") String header) {
    SignatureVerification result = SIGNATURE.verify(header, FIELDS);

    assertThat(result.isValid()).isFalse();
    assertThat(result.failure()).isNotNull();
  }

  @Property(tries = 10_000)
  void mutatedValidHeadersNeverThrowAndNeverVerify(@ForAll("mutatedHeaders") String header) {
    SignatureVerification result = SIGNATURE.verify(header, FIELDS);

    assertThat(header).isNotEqualTo(VALID);
    assertThat(result.isValid()).as("mutated header %s must not verify", header).isFalse();
  }

  @Property(tries = 10_000)
  void replacingAnyCharacterOfAValidHeaderNeverVerifies(
      @ForAll @IntRange(min = 0, max = 1000) int position, @ForAll char replacement) {
    int index = position % VALID.length();
    if (VALID.charAt(index) == replacement) {
      replacement = (char) (replacement + 1);
    }
    String tampered = VALID.substring(0, index) + replacement + VALID.substring(index + 1);

    assertThat(SIGNATURE.verify(tampered, FIELDS).isValid())
        .as("tampered header %s must not verify", tampered)
        .isFalse();
  }

  @Example
  void noSingleAsciiByteChangeAnywhereInAValidHeaderVerifies() {
    int checked = 0;
    for (int index = 0; index < VALID.length(); index++) {
      for (char c = 0; c < 128; c++) {
        if (c == VALID.charAt(index)) {
          continue;
        }
        String tampered = VALID.substring(0, index) + c + VALID.substring(index + 1);
        assertThat(SIGNATURE.verify(tampered, FIELDS).isValid())
            .as("tampered header %s must not verify", tampered)
            .isFalse();
        checked++;
      }
    }
    assertThat(SIGNATURE.verify(VALID, FIELDS).isValid()).isTrue();
    assertThat(checked).isEqualTo(VALID.length() * 127);
  }

  @Provide
  Arbitrary<String> randomText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(400),
        Arbitraries.strings().withChars("v1;kid=exp=sig=AZaz09-_+/=. \t").ofMaxLength(120),
        Arbitraries.strings().ascii().ofMinLength(250).ofMaxLength(300));
  }

  @Provide
  Arbitrary<String> forgedHeaders() {
    Arbitrary<String> keyIds =
        Arbitraries.oneOf(
            Arbitraries.of("k1", "k2"),
            Arbitraries.strings().withChars("abk12._-").ofMinLength(1).ofMaxLength(32));
    Arbitrary<Long> expiries =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 999_999_999_999L),
            Arbitraries.of(TestKeys.NOW.getEpochSecond() + 60));
    Arbitrary<String> signatures =
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            .ofMinLength(1)
            .ofMaxLength(88);
    return Combinators.combine(keyIds, expiries, signatures)
        .as((kid, exp, sig) -> "v1;kid=" + kid + ";exp=" + exp + ";sig=" + sig);
  }

  @Provide
  Arbitrary<String> mutatedHeaders() {
    Arbitrary<Integer> positions = Arbitraries.integers().between(0, VALID.length() - 1);
    Arbitrary<Character> chars =
        Arbitraries.oneOf(Arbitraries.chars().ascii(), Arbitraries.chars().all());
    Arbitrary<String> insert =
        Combinators.combine(positions, chars)
            .as((i, c) -> VALID.substring(0, i) + c + VALID.substring(i));
    Arbitrary<String> delete = positions.map(i -> VALID.substring(0, i) + VALID.substring(i + 1));
    Arbitrary<String> truncate = positions.map(i -> VALID.substring(0, i));
    Arbitrary<String> duplicate =
        Combinators.combine(positions, positions)
            .as((a, b) -> VALID + VALID.substring(Math.min(a, b), Math.max(a, b) + 1));
    Arbitrary<String> swap =
        Combinators.combine(positions, positions)
            .filter((a, b) -> VALID.charAt(a) != VALID.charAt(b))
            .as(
                (a, b) -> {
                  char[] chars2 = VALID.toCharArray();
                  char t = chars2[a];
                  chars2[a] = chars2[b];
                  chars2[b] = t;
                  return new String(chars2);
                });
    Arbitrary<String> doubleReplace =
        Combinators.combine(positions, chars, positions, chars)
            .as(
                (i, c, j, d) -> {
                  char[] chars2 = VALID.toCharArray();
                  chars2[i] = c;
                  chars2[j] = d;
                  return new String(chars2);
                })
            .filter(s -> !s.equals(VALID));
    return Arbitraries.oneOf(insert, delete, truncate, duplicate, swap, doubleReplace)
        .filter(s -> !s.equals(VALID) && !s.strip().equals(VALID));
  }
}
