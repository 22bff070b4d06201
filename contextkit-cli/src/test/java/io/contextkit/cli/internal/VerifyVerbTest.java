package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyVerbTest {

  @TempDir Path dir;

  private String signed;

  @BeforeEach
  void signedHeaders() throws IOException {
    TestKeys.write(dir, "k1.key", TestKeys.SECRET);
    TestKeys.write(dir, "k2.key", TestKeys.OTHER_SECRET);
    signed =
        CliRun.run(
                dir,
                "headers",
                "--user",
                "tess",
                "--tester",
                "--trace",
                "--request-id",
                "req-42",
                "--key-id",
                "k1",
                "--key-file",
                "k1.key")
            .out();
  }

  private CliRun verify(String stdin, String... keyArgs) {
    String[] args = new String[keyArgs.length + 1];
    args[0] = "verify";
    System.arraycopy(keyArgs, 0, args, 1, keyArgs.length);
    return CliRun.withInput(dir, stdin, args);
  }

  @Test
  void acceptsWhatHeadersPrintsFromStandardInput() {
    CliRun run = verify(signed, "--key-id", "k1", "--key-file", "k1.key");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("key id     k1 (given)")
        .contains("expires    2026-01-01T00:01:00Z (in 60 s)")
        .contains("verdict    VALID")
        .containsPattern("user_id +tess +trusted\n")
        .containsPattern("tester +true +trusted\n")
        .containsPattern("request_id +req-42 +trusted\n")
        .containsPattern("request_type +TRACE +trusted: runs as TRACE")
        .containsPattern("account_id +\\(absent\\)")
        .endsWith("VALID: a service holding key 'k1' trusts these fields.\n");
  }

  @Test
  void acceptsHeadersGivenAsArguments() {
    String[] lines = signed.split("\n");
    CliRun run =
        CliRun.run(
            dir,
            "verify",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key",
            "-H",
            lines[0],
            "-H",
            lines[1],
            "--header",
            lines[2],
            "-H",
            lines[3]);

    assertThat(run.exitCode()).as(run.out()).isZero();
  }

  @Test
  void acceptsAKeyRingWhoseSecondKeySigned() {
    CliRun run =
        verify(
            signed,
            "--key-id",
            "k2",
            "--key-file",
            "k2.key",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.exitCode()).as(run.out()).isZero();
  }

  @Test
  void aChangedFieldIsABadSignature() {
    CliRun run =
        verify(
            signed.replace("user_id=tess", "user_id=tesS"),
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out())
        .contains("verdict    BAD_SIGNATURE: the MAC does not match these fields")
        .containsPattern("user_id +tesS +untrusted: dropped")
        .containsPattern("request_type +TRACE +untrusted: TRACE gets 403")
        .containsPattern("request_id +req-42 +untrusted: replaced by a generated id")
        .contains("NOT VALID (BAD_SIGNATURE)");
  }

  @Test
  void oneChangedCharacterOfTheSignatureIsABadSignature() {
    int sig = signed.indexOf(";sig=") + 5;
    char c = signed.charAt(sig);
    String tampered = signed.substring(0, sig) + (c == 'A' ? 'B' : 'A') + signed.substring(sig + 1);

    CliRun run = verify(tampered, "--key-id", "k1", "--key-file", "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out()).contains("verdict    BAD_SIGNATURE");
  }

  @Test
  void aKeyFileThatIsNotTheSignersIsABadSignature() {
    CliRun run =
        verify(signed.replace("kid=k1", "kid=k2"), "--key-id", "k2", "--key-file", "k2.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out())
        .contains("verdict    BAD_SIGNATURE")
        .contains("key file is not the signer's");
  }

  @Test
  void aKeyIdNotAmongTheGivenKeysIsUnknown() {
    CliRun run = verify(signed, "--key-id", "k2", "--key-file", "k2.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out())
        .contains("key id     k1 (not among the given keys)")
        .contains("verdict    UNKNOWN_KEY: signed with key id 'k1', the keys given are [k2]");
  }

  @Test
  void withoutKeysNothingCanBeVerified() {
    CliRun run = verify(signed);

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out())
        .contains("key id     k1 (no key given)")
        .contains("UNKNOWN_KEY: no key given: pass --key-id k1 --key-file FILE");
  }

  @Test
  void anAuthenticSignaturePastItsExpiryAndTheSkewIsExpired() {
    Clock later = Clock.fixed(CliRun.NOW.plusSeconds(60 + 31), ZoneOffset.UTC);
    Clock withinSkew = Clock.fixed(CliRun.NOW.plusSeconds(60 + 30), ZoneOffset.UTC);

    CliRun expired =
        CliRun.run(dir, signed, later, "verify", "--key-id", "k1", "--key-file", "k1.key");
    CliRun stillValid =
        CliRun.run(dir, signed, withinSkew, "verify", "--key-id", "k1", "--key-file", "k1.key");
    CliRun shorterSkew =
        CliRun.run(
            dir,
            signed,
            withinSkew,
            "verify",
            "--clock-skew",
            "10s",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(expired.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(expired.out())
        .contains("expires    2026-01-01T00:01:00Z (31 s ago)")
        .contains(
            "verdict    EXPIRED: authentic, but it expired 31 s ago and a service accepts it only up to 30 s after expiry");
    assertThat(stillValid.exitCode()).isZero();
    assertThat(shorterSkew.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(shorterSkew.out()).contains("verdict    EXPIRED");
  }

  @Test
  void aHeaderNotOfTheV1SyntaxIsMalformed() {
    CliRun run =
        verify(
            signed.replaceAll("contextkit-signature: .*", "contextkit-signature: v1.k1.garbage"),
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out())
        .contains(
            "verdict    MALFORMED: not of the form v1;kid=<key id>;exp=<epoch seconds>;sig=<base64url>")
        .contains("(it does not start with v1;kid=)");
  }

  @Test
  void noSignatureMeansNothingIsTrusted() {
    CliRun run =
        verify(
            "baggage: user_id=admin,request_type=TRACE\n",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out())
        .contains("absent: nothing is signed")
        .containsPattern("user_id +admin +untrusted: dropped")
        .contains("NOT VALID (NOT SIGNED)");
  }

  @Test
  void aSignedButMalformedRequestTypeIsRefused() {
    CliRun run =
        CliRun.run(
            dir,
            "verify",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key",
            "-H",
            "baggage: request_type=maybe");
    // A signature over exactly that claim, made by core as a producer would.
    String header =
        io.contextkit.trust.ContextSignature.builder(
                io.contextkit.trust.SigningKeys.of("k1", TestKeys.SECRET))
            .clock(Clock.fixed(CliRun.NOW, ZoneOffset.UTC))
            .build()
            .sign(
                new io.contextkit.trust.SignedFields(null, null, null, null, false, null, "maybe"));

    CliRun signedMalformed =
        CliRun.run(
            dir,
            "verify",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key",
            "-H",
            "baggage: request_type=maybe",
            "-H",
            "contextkit-signature: " + header);

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(signedMalformed.out()).contains("verdict    VALID");
    assertThat(signedMalformed.out())
        .containsPattern(
            "request_type +maybe +refused: not STANDARD or TRACE, the service answers 400")
        .contains("NOT VALID (VALID, but a field is refused)");
    assertThat(signedMalformed.exitCode()).isEqualTo(ExitCode.FAILED);
  }

  @Test
  void escapesControlCharactersOfTheInput() {
    String hostile =
        "baggage: user_id=a\u001b[2Jb\n"
            + "x-evil: \u001b]0;title\u0007 and \u202e reversed\n"
            + "not a header \u001b[31m\n"
            + signed;

    CliRun run = verify(hostile, "--key-id", "k1", "--key-file", "k1.key");

    assertThat(run.out())
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .doesNotContain("\u202e");
    assertThat(run.out())
        .contains("x-evil: \\u001b]0;title\\u0007 and \\u202e reversed")
        .contains("ignored: line 3 is not a header field (name: value): 'not a header \\u001b[31m'")
        .contains("baggage: user_id=a\\u001b[2Jb");
  }

  @Test
  void tooMuchInputIsAUsageError() {
    CliRun run =
        verify("x: " + "y".repeat(70_000) + "\n", "--key-id", "k1", "--key-file", "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("standard input is longer than 65536 characters");
  }

  @Test
  void keyIdsAndFilesMustPairUp() {
    CliRun run = verify(signed, "--key-id", "k1", "--key-id", "k2", "--key-file", "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("give --key-id and --key-file in pairs (2 key id(s), 1 key file(s))");
  }

  private String messageHeaders() {
    return CliRun.run(
            dir,
            "headers",
            "--message",
            "--user",
            "tess",
            "--trace",
            "--request-id",
            "req-msg",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key")
        .out();
  }

  @Test
  void aMessageSignatureIsValidForAConsumerAndForgedOnARequest() {
    String message = messageHeaders();

    CliRun asMessage = verify(message, "--message", "--key-id", "k1", "--key-file", "k1.key");
    CliRun asRequest = verify(message, "--key-id", "k1", "--key-file", "k1.key");

    assertThat(message).contains("contextkit-signature: v1;kid=k1;exp=1767229200;sig=");
    assertThat(asMessage.exitCode()).as(asMessage.out()).isZero();
    assertThat(asMessage.out())
        .contains("expires    2026-01-01T01:00:00Z (in 3600 s)")
        .containsPattern("user_id +tess +trusted\n");
    assertThat(asRequest.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(asRequest.out())
        .contains("verdict    BAD_SIGNATURE")
        .contains("verify only with --message")
        .containsPattern("user_id +tess +untrusted");
  }

  @Test
  void anExpiredMessageKeepsItsRequestAndTraceAskButNotItsUser() {
    Clock twoHoursLater = Clock.fixed(CliRun.NOW.plusSeconds(7200), ZoneOffset.UTC);

    CliRun run =
        CliRun.run(
            dir,
            messageHeaders(),
            twoHoursLater,
            "verify",
            "--message",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out())
        .contains("verdict    EXPIRED: authentic, but it expired")
        .contains("a consumer keeps the message's trace_id, request_id and request_type")
        .containsPattern("request_id +req-msg +kept \\(authentic, expired message\\)")
        .containsPattern(
            "request_type +TRACE +kept \\(authentic, expired message\\): runs as TRACE")
        .containsPattern("user_id +tess +dropped: the message signature expired");
  }
}
