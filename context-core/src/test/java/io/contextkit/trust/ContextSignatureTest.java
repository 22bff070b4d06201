package io.contextkit.trust;

import static io.contextkit.trust.TestKeys.CLOCK;
import static io.contextkit.trust.TestKeys.FIELDS;
import static io.contextkit.trust.TestKeys.NOW;
import static io.contextkit.trust.TestKeys.at;
import static io.contextkit.trust.TestKeys.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContextSignatureTest {

  private final SigningKeys keys = SigningKeys.of("k1", secret("one"));
  private final ContextSignature signature = TestKeys.signature(keys, CLOCK);

  @Test
  void verifiesWhatItSigned() {
    String header = signature.sign(FIELDS);

    assertThat(signature.verify(header, FIELDS).isValid()).isTrue();
    assertThat(signature.verify(header, FIELDS).failure()).isNull();
  }

  @Test
  void writesVersionKeyIdExpiryAndUnpaddedBase64UrlSignature() {
    String header = signature.sign(FIELDS);

    long expiry = NOW.getEpochSecond() + 60;
    assertThat(header).startsWith("v1;kid=k1;exp=" + expiry + ";sig=");
    assertThat(header.substring(header.indexOf(";sig=") + 5)).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void verifiesFieldsThatAreAllAbsent() {
    SignedFields empty = SignedFields.empty();

    assertThat(signature.verify(signature.sign(empty), empty).isValid()).isTrue();
    assertThat(signature.verify(signature.sign(empty), FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  static Stream<Arguments> fieldTampers() {
    return Stream.of(
        tamper("traceId", f -> with(f, 0, "00000000000000000000000000000001")),
        tamper("traceId absent", f -> with(f, 0, null)),
        tamper("requestId", f -> with(f, 1, "req-2")),
        tamper("userId", f -> with(f, 2, "user-43")),
        tamper("userId empty instead of value", f -> with(f, 2, "")),
        tamper("accountId", f -> with(f, 3, "acct-8")),
        tamper("accountId absent", f -> with(f, 3, null)),
        tamper(
            "tester",
            f ->
                new SignedFields(
                    f.traceId(),
                    f.requestId(),
                    f.userId(),
                    f.accountId(),
                    !f.tester(),
                    f.license(),
                    f.requestType())),
        tamper("license", f -> with(f, 5, "FREE")),
        tamper("requestType", f -> with(f, 6, "STANDARD")),
        tamper("requestType case", f -> with(f, 6, "trace")));
  }

  private static Arguments tamper(String name, UnaryOperator<SignedFields> change) {
    return Arguments.of(name, change);
  }

  /** Replaces string field {@code index} (0 traceId .. 6 requestType; 4 is tester). */
  private static SignedFields with(SignedFields f, int index, String value) {
    return new SignedFields(
        index == 0 ? value : f.traceId(),
        index == 1 ? value : f.requestId(),
        index == 2 ? value : f.userId(),
        index == 3 ? value : f.accountId(),
        f.tester(),
        index == 5 ? value : f.license(),
        index == 6 ? value : f.requestType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldTampers")
  void rejectsSignatureWhenAnySingleFieldChanged(String field, UnaryOperator<SignedFields> change) {
    String header = signature.sign(FIELDS);
    SignedFields changed = change.apply(FIELDS);

    assertThat(changed).isNotEqualTo(FIELDS);
    assertThat(signature.verify(header, changed).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void rejectsHeaderWhoseExpiryWasExtended() {
    String header = signature.sign(FIELDS);
    long expiry = NOW.getEpochSecond() + 60;

    String extended = header.replace("exp=" + expiry, "exp=" + (expiry + 3600));

    assertThat(extended).isNotEqualTo(header);
    assertThat(signature.verify(extended, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void reportsTamperedOldExpiryAsBadSignatureNotExpired() {
    String header = signature.sign(FIELDS);
    long expiry = NOW.getEpochSecond() + 60;

    String backdated = header.replace("exp=" + expiry, "exp=" + (expiry - 3600));

    assertThat(signature.verify(backdated, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void rejectsHeaderWhoseKeyIdWasSwappedForAnotherKnownKey() {
    SigningKeys twoKeys = keys.withKey("k2", secret("two"));
    ContextSignature verifier = TestKeys.signature(twoKeys, CLOCK);
    String header = signature.sign(FIELDS);

    String swapped = header.replace("kid=k1", "kid=k2");

    assertThat(verifier.verify(header, FIELDS).isValid()).isTrue();
    assertThat(verifier.verify(swapped, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void reportsUnknownKeyIdAsUnknownKey() {
    String header = signature.sign(FIELDS).replace("kid=k1", "kid=k9");

    assertThat(signature.verify(header, FIELDS).failure()).isEqualTo(SignatureFailure.UNKNOWN_KEY);
  }

  @Test
  void rejectsSignatureWithOneCharacterChanged() {
    String header = signature.sign(FIELDS);
    int last = header.length() - 1;
    // 'A' encodes zero bits, so this change keeps the header canonical base64url.
    char replacement = header.charAt(last) == 'A' ? 'E' : 'A';

    String changed = header.substring(0, last) + replacement;

    assertThat(signature.verify(changed, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void rejectsSignatureOfSameLengthAndOfOtherLengthsWithoutThrowing() {
    String header = signature.sign(FIELDS);
    String prefix = header.substring(0, header.indexOf(";sig=") + 5);

    String sameLength = prefix + "A".repeat(43);
    String shorter = prefix + "A".repeat(42);
    String truncatedToOneByte = prefix + "AA";
    String longer = prefix + "A".repeat(86);

    assertThat(signature.verify(sameLength, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
    assertThat(signature.verify(shorter, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
    assertThat(signature.verify(truncatedToOneByte, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
    assertThat(signature.verify(longer, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "v1",
        "v1;kid=k1",
        "v1;kid=k1;exp=1;sig=",
        "v2;kid=k1;exp=1748779260;sig=AAAA",
        "V1;kid=k1;exp=1748779260;sig=AAAA",
        "v1;exp=1748779260;kid=k1;sig=AAAA",
        "v1;kid=;exp=1748779260;sig=AAAA",
        "v1;kid=k 1;exp=1748779260;sig=AAAA",
        "v1;kid=k1;exp=-1748779260;sig=AAAA",
        "v1;kid=k1;exp=+1748779260;sig=AAAA",
        "v1;kid=k1;exp=01748779260;sig=AAAA",
        "v1;kid=k1;exp=1748779260000;sig=AAAA",
        "v1;kid=k1;exp=;sig=AAAA",
        "v1;kid=k1;exp=1748779260;sig=AAAA=",
        "v1;kid=k1;exp=1748779260;sig=AAAA==",
        "v1;kid=k1;exp=1748779260;sig=AA+/",
        "v1;kid=k1;exp=1748779260;sig=AAAAA",
        "v1;kid=k1;exp=1748779260;sig=AB",
        "v1;kid=k1;exp=1748779260;sig=AAAA;x=1",
        "v1;kid=k1;exp=1748779260;sig=AAAA\n",
        "v1 ;kid=k1;exp=1748779260;sig=AAAA",
        "v1;kid=k1;exp=1748779260;sig=\u00c0AAA",
        "v1;kid=kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk;exp=1748779260;sig=AAAA"
      })
  void reportsMalformedHeadersAsMalformed(String header) {
    assertThat(signature.verify(header, FIELDS).failure()).isEqualTo(SignatureFailure.MALFORMED);
  }

  @Test
  void reportsAbsentHeaderAsMalformed() {
    assertThat(signature.verify(null, FIELDS).failure()).isEqualTo(SignatureFailure.MALFORMED);
  }

  @Test
  void reportsOversizedHeaderAsMalformedWithoutScanningIt() {
    String valid = signature.sign(FIELDS);
    String oversized = valid + " ".repeat(ContextSignature.MAX_HEADER_LENGTH);

    assertThat(signature.verify(valid + "  ", FIELDS).isValid()).isTrue();
    assertThat(signature.verify(oversized, FIELDS).failure()).isEqualTo(SignatureFailure.MALFORMED);
    assertThat(signature.verify("x".repeat(1_000_000), FIELDS).failure())
        .isEqualTo(SignatureFailure.MALFORMED);
  }

  @Test
  void toleratesSurroundingOptionalWhitespace() {
    String header = signature.sign(FIELDS);

    assertThat(signature.verify(" \t" + header + "\t ", FIELDS).isValid()).isTrue();
  }

  @Test
  void acceptsSignatureUntilExpiryPlusSkewAndRejectsItOneMillisecondLater() {
    String header = signature.sign(FIELDS);
    Duration ttl = ContextSignature.DEFAULT_TTL;
    Duration skew = ContextSignature.DEFAULT_CLOCK_SKEW;

    ContextSignature atLastValidInstant = TestKeys.signature(keys, at(NOW.plus(ttl).plus(skew)));
    ContextSignature justAfter =
        TestKeys.signature(keys, at(NOW.plus(ttl).plus(skew).plusMillis(1)));

    assertThat(atLastValidInstant.verify(header, FIELDS).isValid()).isTrue();
    assertThat(justAfter.verify(header, FIELDS).failure()).isEqualTo(SignatureFailure.EXPIRED);
  }

  @Test
  void appliesConfiguredSkewAndTtl() {
    ContextSignature signer =
        ContextSignature.builder(keys)
            .clock(CLOCK)
            .ttl(Duration.ofSeconds(10))
            .clockSkew(Duration.ZERO)
            .build();
    String header = signer.sign(FIELDS);

    ContextSignature atExpiry =
        ContextSignature.builder(keys)
            .clock(at(NOW.plusSeconds(10)))
            .clockSkew(Duration.ZERO)
            .build();
    ContextSignature afterExpiry =
        ContextSignature.builder(keys)
            .clock(at(NOW.plusSeconds(10).plusMillis(1)))
            .clockSkew(Duration.ZERO)
            .build();
    ContextSignature afterExpiryWithSkew =
        ContextSignature.builder(keys)
            .clock(at(NOW.plusSeconds(15)))
            .clockSkew(Duration.ofSeconds(5))
            .build();

    assertThat(header).contains("exp=" + (NOW.getEpochSecond() + 10) + ";");
    assertThat(atExpiry.verify(header, FIELDS).isValid()).isTrue();
    assertThat(afterExpiry.verify(header, FIELDS).failure()).isEqualTo(SignatureFailure.EXPIRED);
    assertThat(afterExpiryWithSkew.verify(header, FIELDS).isValid()).isTrue();
  }

  @Test
  void roundsExpiryDownToWholeSeconds() {
    ContextSignature signer = TestKeys.signature(keys, at(NOW.plusMillis(999)));

    assertThat(signer.sign(FIELDS)).contains("exp=" + (NOW.getEpochSecond() + 60) + ";");
  }

  @Test
  void acceptsSignatureFromClockThatRunsAhead() {
    ContextSignature signerAhead = TestKeys.signature(keys, at(NOW.plusSeconds(20)));

    assertThat(signature.verify(signerAhead.sign(FIELDS), FIELDS).isValid()).isTrue();
  }

  @Test
  void rejectsTtlAndSkewOutOfRange() {
    ContextSignature.Builder builder = ContextSignature.builder(keys);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.ttl(Duration.ofMillis(999)))
        .withMessageContaining("ttl");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.ttl(Duration.ofDays(2)))
        .withMessageContaining("ttl");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.clockSkew(Duration.ofSeconds(-1)))
        .withMessageContaining("skew");
    assertThatNullPointerException().isThrownBy(() -> builder.clock(null)).withMessage("clock");
    assertThatNullPointerException()
        .isThrownBy(() -> ContextSignature.builder(null))
        .withMessage("keys");
  }

  @Test
  void usesDefaultTtlAndSkew() {
    ContextSignature defaults = ContextSignature.create(keys);

    assertThat(defaults.ttl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.verify(defaults.sign(FIELDS), FIELDS).isValid()).isTrue();
  }

  @Test
  void bindsUserAndAccountBoundaryUnambiguously() {
    SignedFields first = new SignedFields(null, null, "a|b", "c", false, null, null);
    SignedFields second = new SignedFields(null, null, "a", "b|c", false, null, null);

    String firstHeader = signature.sign(first);
    String secondHeader = signature.sign(second);

    assertThat(sig(firstHeader)).isNotEqualTo(sig(secondHeader));
    assertThat(signature.verify(firstHeader, second).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
    assertThat(signature.verify(secondHeader, first).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void distinguishesAbsentFromEmptyAndShiftedFields() {
    SignedFields userEmpty = new SignedFields(null, null, "", null, false, null, null);
    SignedFields accountEmpty = new SignedFields(null, null, null, "", false, null, null);
    SignedFields none = SignedFields.empty();

    assertThat(sig(signature.sign(userEmpty)))
        .isNotEqualTo(sig(signature.sign(accountEmpty)))
        .isNotEqualTo(sig(signature.sign(none)));
    assertThat(signature.verify(signature.sign(userEmpty), accountEmpty).isValid()).isFalse();
  }

  private static String sig(String header) {
    return header.substring(header.indexOf(";sig=") + 5);
  }

  @Test
  void parseHeaderReadsKeyIdAndExpiryWithoutVerifying() {
    String header = signature.sign(FIELDS);

    assertThat(ContextSignature.parseHeader(header))
        .contains(new ContextSignature.Header("v1", "k1", NOW.plusSeconds(60)));
    // Any MAC is fine for parsing: only verify() checks it.
    assertThat(ContextSignature.parseHeader("v1;kid=other;exp=7;sig=AAAA"))
        .contains(new ContextSignature.Header("v1", "other", java.time.Instant.ofEpochSecond(7)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "v2;kid=k1;exp=1;sig=AAAA", "v1;kid=k1;exp=01;sig=AAAA", "v1;kid=k1;sig=AA"})
  void parseHeaderIsEmptyExactlyWhenVerifyReportsMalformed(String header) {
    assertThat(ContextSignature.parseHeader(header)).isEmpty();
    assertThat(signature.verify(header, FIELDS).failure()).isEqualTo(SignatureFailure.MALFORMED);
  }
}
