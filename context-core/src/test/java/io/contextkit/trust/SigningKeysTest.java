package io.contextkit.trust;

import static io.contextkit.trust.TestKeys.CLOCK;
import static io.contextkit.trust.TestKeys.FIELDS;
import static io.contextkit.trust.TestKeys.secret;
import static io.contextkit.trust.TestKeys.secretOfLength;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeysTest {

  @Test
  void signsWithNewActiveKeyAndStillAcceptsOldDuringRotation() {
    SigningKeys old = SigningKeys.of("2025-01", secret("old"));
    String signedWithOld = TestKeys.signature(old, CLOCK).sign(FIELDS);

    SigningKeys rotated = old.withKey("2025-06", secret("new")).withActiveKey("2025-06");
    ContextSignature afterRotation = TestKeys.signature(rotated, CLOCK);
    String signedWithNew = afterRotation.sign(FIELDS);

    assertThat(signedWithNew).contains("kid=2025-06;");
    assertThat(afterRotation.verify(signedWithOld, FIELDS).isValid()).isTrue();
    assertThat(afterRotation.verify(signedWithNew, FIELDS).isValid()).isTrue();
    assertThat(TestKeys.signature(old, CLOCK).verify(signedWithNew, FIELDS).failure())
        .isEqualTo(SignatureFailure.UNKNOWN_KEY);
  }

  @Test
  void rejectsSignaturesOfRemovedKey() {
    SigningKeys old = SigningKeys.of("2025-01", secret("old"));
    String signedWithOld = TestKeys.signature(old, CLOCK).sign(FIELDS);

    SigningKeys retired =
        old.withKey("2025-06", secret("new")).withActiveKey("2025-06").withoutKey("2025-01");

    assertThat(retired.keyIds()).containsExactly("2025-06");
    assertThat(TestKeys.signature(retired, CLOCK).verify(signedWithOld, FIELDS).failure())
        .isEqualTo(SignatureFailure.UNKNOWN_KEY);
  }

  @Test
  void leavesOriginalRingUnchangedWhenDerivingANewOne() {
    SigningKeys original = SigningKeys.of("a", secret("a"));

    SigningKeys derived = original.withKey("b", secret("b")).withActiveKey("b");

    assertThat(original.keyIds()).containsExactly("a");
    assertThat(original.activeKeyId()).isEqualTo("a");
    assertThat(derived.keyIds()).containsExactly("a", "b");
    assertThat(derived.activeKeyId()).isEqualTo("b");
  }

  @Test
  void doesNotVerifyWithKeyOfSameIdButOtherSecret() {
    String header = TestKeys.signature(SigningKeys.of("k", secret("one")), CLOCK).sign(FIELDS);

    ContextSignature otherSecret = TestKeys.signature(SigningKeys.of("k", secret("two")), CLOCK);

    assertThat(otherSecret.verify(header, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void buildsRingWithSeveralKeysAndOneActive() {
    SigningKeys keys =
        SigningKeys.builder()
            .key("k1", secret("one"))
            .key("k2", secret("two"))
            .activeKeyId("k2")
            .build();

    assertThat(keys.activeKeyId()).isEqualTo("k2");
    assertThat(keys.keyIds()).containsExactly("k1", "k2");
    assertThat(keys.contains("k1")).isTrue();
    assertThat(keys.contains("k3")).isFalse();
  }

  @Test
  void rejectsShortSecretNamingTheKeyId() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SigningKeys.of("short-key", secretOfLength(31)))
        .withMessageContaining("'short-key'")
        .withMessageContaining("31 bytes")
        .withMessageContaining("at least 32 bytes");
    assertThat(SigningKeys.of("exact", secretOfLength(32)).keyIds()).containsExactly("exact");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "semi;colon",
        "eq=",
        "ünïcode",
        "k/1",
        "x23456789012345678901234567890123"
      })
  void rejectsInvalidKeyIdNamingIt(String keyId) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SigningKeys.of(keyId, secret("s")))
        .withMessageContaining("'" + keyId + "'");
  }

  @Test
  void acceptsKeyIdOfAllowedCharactersUpTo32() {
    String keyId = "Az09._-x234567890123456789012345";

    assertThat(keyId).hasSize(32);
    assertThat(SigningKeys.of(keyId, secret("s")).activeKeyId()).isEqualTo(keyId);
  }

  @Test
  void rejectsDuplicateKeyIds() {
    SigningKeys.Builder builder = SigningKeys.builder().key("k", secret("one"));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.key("k", secret("two")))
        .withMessageContaining("Duplicate signing key id 'k'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SigningKeys.of("k", secret("one")).withKey("k", secret("two")))
        .withMessageContaining("'k'");
  }

  @Test
  void requiresAnActiveKeyThatIsInTheRing() {
    assertThatIllegalStateException()
        .isThrownBy(() -> SigningKeys.builder().key("k", secret("one")).build())
        .withMessageContaining("active");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> SigningKeys.builder().key("k", secret("one")).activeKeyId("other").build())
        .withMessageContaining("'other'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SigningKeys.of("k", secret("one")).withActiveKey("other"))
        .withMessageContaining("'other'");
  }

  @Test
  void refusesToRemoveActiveOrMissingKey() {
    SigningKeys keys = SigningKeys.of("k", secret("one"));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> keys.withoutKey("k"))
        .withMessageContaining("active");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> keys.withoutKey("gone"))
        .withMessageContaining("'gone'");
  }

  @Test
  void copiesSecretSoLaterChangesToCallerArrayDoNotMatter() {
    byte[] secret = secret("one");
    SigningKeys keys = SigningKeys.of("k", secret);
    String header = TestKeys.signature(keys, CLOCK).sign(FIELDS);

    java.util.Arrays.fill(secret, (byte) 0);

    assertThat(TestKeys.signature(keys, CLOCK).verify(header, FIELDS).isValid()).isTrue();
  }

  @Test
  void neverShowsSecretsInToString() {
    byte[] secret = secret("very-secret");
    SigningKeys keys = SigningKeys.builder().key("k1", secret).activeKeyId("k1").build();
    ContextSignature signature = ContextSignature.create(keys);

    String hex = HexFormat.of().formatHex(secret);
    String base64 = Base64.getEncoder().encodeToString(secret);
    String base64Url = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String raw = new String(secret, java.nio.charset.StandardCharsets.ISO_8859_1);

    for (String text : new String[] {keys.toString(), signature.toString()}) {
      assertThat(text)
          .contains("k1")
          .doesNotContainIgnoringCase(hex.substring(0, 16))
          .doesNotContain(base64.substring(0, 12))
          .doesNotContain(base64Url.substring(0, 12))
          .doesNotContain(raw.substring(0, 8));
    }
  }

  @Test
  void failsFastOnNulls() {
    assertThatNullPointerException()
        .isThrownBy(() -> SigningKeys.of(null, secret("s")))
        .withMessage("keyId");
    assertThatNullPointerException()
        .isThrownBy(() -> SigningKeys.of("k", null))
        .withMessage("secret");
  }
}
