package io.contextkit.trust;

import static io.contextkit.trust.TestKeys.CLOCK;
import static io.contextkit.trust.TestKeys.FIELDS;
import static io.contextkit.trust.TestKeys.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.testing.property.Alphabet;
import io.contextkit.testing.property.ForAll;
import io.contextkit.testing.property.Gen;
import io.contextkit.testing.property.KeyRings;
import io.contextkit.testing.property.KeyRings.KeyRing;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Garbage in, never an exception and never a valid signature out: 40,000 generated headers plus an
 * exhaustive single-character tamper sweep of a valid header; and 2,000 generated key rings, each
 * verifying its own signatures and no other ring's.
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

  private static final Alphabet BASE64URL =
      Alphabet.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

  @TestFactory
  DynamicNode randomTextNeverThrowsAndNeverVerifies() {
    Gen<String> randomText =
        Gen.oneOf(
            Alphabet.ALL.strings(0, 400),
            Alphabet.of("v1;kid=exp=sig=AZaz09-_+/=. \t").strings(0, 120),
            Alphabet.ASCII.strings(250, 300));
    return ForAll.of(randomText)
        .tries(10_000)
        .examples("", " ", "v1", "v1;", "v1;kid=k1;exp=;sig=", "\u0000", "\ud800", "=".repeat(300))
        .check(
            header -> {
              SignatureVerification result = SIGNATURE.verify(header, FIELDS);

              assertThat(result.isValid()).isFalse();
              assertThat(result.failure()).isNotNull();
            });
  }

  @TestFactory
  DynamicNode headersOfTheRightShapeWithForgedSignaturesNeverVerify() {
    Gen<String> keyIds =
        Gen.oneOf(Gen.elements("k1", "k2"), Alphabet.of("abk12._-").strings(1, 32));
    Gen<Long> expiries =
        Gen.oneOf(Gen.longs(0, 999_999_999_999L), Gen.constant(TestKeys.NOW.getEpochSecond() + 60));
    Gen<String> signatures = BASE64URL.strings(1, 88);
    Gen<String> forged =
        c ->
            "v1;kid="
                + keyIds.generate(c)
                + ";exp="
                + expiries.generate(c)
                + ";sig="
                + signatures.generate(c);
    long expiry = TestKeys.NOW.getEpochSecond() + 60;
    String validSignature = VALID.substring(VALID.indexOf(";sig=") + 5);
    return ForAll.of(forged)
        .tries(10_000)
        .examples(
            "v1;kid=k2;exp=" + expiry + ";sig=" + validSignature,
            "v1;kid=k1;exp=" + expiry + ";sig=" + "A".repeat(43),
            "v1;kid=k1;exp=0;sig=" + validSignature,
            "v1;kid=k1;exp=999999999999;sig=_")
        .check(
            header -> {
              SignatureVerification result = SIGNATURE.verify(header, FIELDS);

              assertThat(result.isValid()).isFalse();
              assertThat(result.failure()).isNotNull();
            });
  }

  @TestFactory
  DynamicNode mutatedValidHeadersNeverThrowAndNeverVerify() {
    return ForAll.of(mutatedHeaders())
        .tries(10_000)
        .examples(
            VALID.substring(0, VALID.length() - 1),
            VALID + "A",
            VALID + VALID,
            VALID.toUpperCase(Locale.ROOT),
            VALID.replace("kid=k1", "kid=k2"),
            VALID.replace(";", "; "))
        .check(
            header -> {
              SignatureVerification result = SIGNATURE.verify(header, FIELDS);

              assertThat(header).isNotEqualTo(VALID);
              assertThat(result.isValid())
                  .as("mutated header %s must not verify", header)
                  .isFalse();
            });
  }

  record Replacement(int position, char replacement) {}

  @TestFactory
  DynamicNode replacingAnyCharacterOfAValidHeaderNeverVerifies() {
    Gen<Integer> positions = Gen.ints(0, 1000);
    Gen<Character> chars = Alphabet.ALL.chars();
    return ForAll.of(c -> new Replacement(positions.generate(c), chars.generate(c)))
        .tries(10_000)
        .examples(
            new Replacement(0, '\u0000'),
            new Replacement(VALID.length() - 1, '\uffff'),
            new Replacement(VALID.indexOf(";sig=") + 5, 'A'))
        .check(
            input -> {
              int index = input.position() % VALID.length();
              char replacement = input.replacement();
              if (VALID.charAt(index) == replacement) {
                replacement = (char) (replacement + 1);
              }
              String tampered =
                  VALID.substring(0, index) + replacement + VALID.substring(index + 1);

              assertThat(SIGNATURE.verify(tampered, FIELDS).isValid())
                  .as("tampered header %s must not verify", tampered)
                  .isFalse();
            });
  }

  @Test
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

  @TestFactory
  DynamicNode aSignatureVerifiesUnderEveryRingHoldingItsKeyAndNoOther() {
    return ForAll.of(KeyRings.rings(1, 4))
        .tries(2_000)
        .check(
            ring -> {
              SigningKeys keys = keys(ring);
              String header = TestKeys.signature(keys, CLOCK).sign(FIELDS);

              // Every ring that holds the signing key verifies, whichever key it signs with.
              for (String other : ring.inactiveKeyIds()) {
                SigningKeys rotated = keys.withActiveKey(other);
                assertThat(TestKeys.signature(rotated, CLOCK).verify(header, FIELDS).isValid())
                    .isTrue();
                assertThat(
                        TestKeys.signature(rotated.withoutKey(ring.activeKeyId()), CLOCK)
                            .verify(header, FIELDS)
                            .isValid())
                    .as("ring without the signing key %s", ring.activeKeyId())
                    .isFalse();
              }
              assertThat(TestKeys.signature(keys, CLOCK).verify(header, FIELDS).isValid()).isTrue();
              // The same key id with another secret is another key.
              byte[] otherSecret = ring.secret(ring.activeKeyId());
              otherSecret[0] ^= 1;
              SigningKeys impostor = SigningKeys.of(ring.activeKeyId(), otherSecret);
              assertThat(TestKeys.signature(impostor, CLOCK).verify(header, FIELDS).isValid())
                  .isFalse();
            });
  }

  @TestFactory
  DynamicNode ringsRefuseInvalidKeyIdsAndShortSecretsNamingTheKey() {
    record BadKey(String keyId, byte[] secret) {}
    Gen<String> ids = KeyRings.invalidKeyIds();
    Gen<byte[]> secrets = KeyRings.secrets();
    Gen<String> validIds = KeyRings.keyIds();
    Gen<byte[]> shortSecrets = KeyRings.shortSecrets();
    Gen<BadKey> badKeys =
        Gen.oneOf(
            c -> new BadKey(ids.generate(c), secrets.generate(c)),
            c -> new BadKey(validIds.generate(c), shortSecrets.generate(c)));
    return ForAll.of(badKeys)
        .tries(2_000)
        .check(
            bad ->
                assertThatThrownBy(() -> SigningKeys.of(bad.keyId(), bad.secret()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad.keyId() + "'"));
  }

  private static SigningKeys keys(KeyRing ring) {
    SigningKeys.Builder builder = SigningKeys.builder();
    for (Map.Entry<String, byte[]> key : ring.keys().entrySet()) {
      builder.key(key.getKey(), key.getValue());
    }
    return builder.activeKeyId(ring.activeKeyId()).build();
  }

  private static Gen<String> mutatedHeaders() {
    Gen<Integer> positions = Gen.ints(0, VALID.length() - 1);
    Gen<Character> chars = Gen.oneOf(Alphabet.ASCII.chars(), Alphabet.ALL.chars());
    Gen<String> insert =
        c -> {
          int i = positions.generate(c);
          return VALID.substring(0, i) + chars.generate(c) + VALID.substring(i);
        };
    Gen<String> delete = positions.map(i -> VALID.substring(0, i) + VALID.substring(i + 1));
    Gen<String> truncate = positions.map(i -> VALID.substring(0, i));
    Gen<String> duplicate =
        c -> {
          int a = positions.generate(c);
          int b = positions.generate(c);
          return VALID + VALID.substring(Math.min(a, b), Math.max(a, b) + 1);
        };
    Gen<int[]> pairs = c -> new int[] {positions.generate(c), positions.generate(c)};
    Gen<int[]> differingPair = pairs.filter(p -> VALID.charAt(p[0]) != VALID.charAt(p[1]));
    Gen<String> swap =
        differingPair.map(
            p -> {
              char[] chars2 = VALID.toCharArray();
              char t = chars2[p[0]];
              chars2[p[0]] = chars2[p[1]];
              chars2[p[1]] = t;
              return new String(chars2);
            });
    Gen<String> replaceTwo =
        c -> {
          char[] chars2 = VALID.toCharArray();
          chars2[positions.generate(c)] = chars.generate(c);
          chars2[positions.generate(c)] = chars.generate(c);
          return new String(chars2);
        };
    Gen<String> doubleReplace = replaceTwo.filter(s -> !s.equals(VALID));
    return Gen.oneOf(insert, delete, truncate, duplicate, swap, doubleReplace)
        .filter(s -> !s.equals(VALID) && !s.strip().equals(VALID));
  }
}
