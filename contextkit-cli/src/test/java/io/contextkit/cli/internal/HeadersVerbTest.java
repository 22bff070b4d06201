package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InboundTrust;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadersVerbTest {

  @TempDir Path dir;

  @BeforeEach
  void keys() throws IOException {
    TestKeys.write(dir, "k1.key", TestKeys.SECRET);
  }

  /** A service's propagator holding {@code secret} under {@code k1}, at the tests' clock. */
  private static ContextPropagator service(byte[] secret) {
    return ContextPropagator.builder()
        .trustPolicy(
            TrustPolicy.builder()
                .signature(
                    ContextSignature.builder(SigningKeys.of("k1", secret))
                        .clock(Clock.fixed(CliRun.NOW, ZoneOffset.UTC))
                        .build())
                .build())
        .build();
  }

  private static InboundContext extract(ContextPropagator service, String printed) {
    HeaderSet headers = HeaderSet.parse(printed);
    assertThat(headers.problems()).isEmpty();
    return service.extract(headers, HeaderSet.GETTER, InboundPeer.ofAddress("203.0.113.7"));
  }

  @Test
  void printsTheSignedContextThatAServiceWithTheKeyTrusts() {
    CliRun run =
        CliRun.run(
            dir,
            "headers",
            "--user",
            "tess",
            "--account",
            "acme",
            "--tester",
            "--license",
            "gold",
            "--trace",
            "--request-id",
            "req-42",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches("traceparent: 00-[0-9a-f]{32}-[0-9a-f]{16}-03");
    assertThat(lines.get(1)).isEqualTo("x-request-id: req-42");
    assertThat(lines.get(2))
        .isEqualTo(
            "baggage: user_id=tess,account_id=acme,request_type=TRACE,tester=true,license=gold");
    assertThat(lines.get(3))
        .matches("contextkit-signature: v1;kid=k1;exp=1767225660;sig=[A-Za-z0-9_-]{43}");

    InboundContext in = extract(service(TestKeys.SECRET), run.out());
    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.VALID_SIGNATURE);
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
    RequestContext context = in.context();
    assertThat(context.userId()).isEqualTo("tess");
    assertThat(context.accountId()).isEqualTo("acme");
    assertThat(context.tester()).isTrue();
    assertThat(context.license()).isEqualTo("gold");
    assertThat(context.requestId()).isEqualTo("req-42");
    assertThat(context.isTrace()).isTrue();
  }

  @Test
  void aServiceWithAnotherKeyDoesNotTrustThem() {
    CliRun run =
        CliRun.run(
            dir, "headers", "--user", "tess", "--trace", "--key-id", "k1", "--key-file", "k1.key");

    InboundContext in = extract(service(TestKeys.OTHER_SECRET), run.out());
    assertThat(in.trust().accepted()).isFalse();
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.UNTRUSTED);
    assertThat(in.context().userId()).isNull();
  }

  @Test
  void withoutTraceTheRequestIsStandardAndEveryCallGetsNewIds() {
    CliRun first =
        CliRun.run(dir, "headers", "--user", "alice", "--key-id", "k1", "--key-file", "k1.key");
    CliRun second =
        CliRun.run(dir, "headers", "--user", "alice", "--key-id", "k1", "--key-file", "k1.key");

    assertThat(first.out()).contains("baggage: user_id=alice,request_type=STANDARD\n");
    InboundContext in = extract(service(TestKeys.SECRET), first.out());
    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.VALID_SIGNATURE);
    assertThat(in.context().isTrace()).isFalse();
    assertThat(in.context().requestId()).matches("[0-9a-f]{32}");
    assertThat(first.out().lines().findFirst()).isNotEqualTo(second.out().lines().findFirst());
  }

  @Test
  void continuesAGivenTraceAndSignsWithTheGivenTtl() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    CliRun run =
        CliRun.run(
            dir,
            "headers",
            "--trace-id",
            traceId,
            "--ttl",
            "5m",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.out()).startsWith("traceparent: 00-" + traceId + "-");
    // Not generated here: only the sampled flag, not the random one.
    assertThat(run.out().lines().findFirst().orElseThrow()).endsWith("-01");
    assertThat(run.out()).contains(";exp=" + (CliRun.NOW.getEpochSecond() + 300) + ";");
    assertThat(extract(service(TestKeys.SECRET), run.out()).context().traceId()).isEqualTo(traceId);
  }

  @Test
  void usesRenamedHeaders() {
    CliRun run =
        CliRun.run(
            dir,
            "headers",
            "--user",
            "tess",
            "--signature-header",
            "X-Context-Signature",
            "--request-id-header",
            "X-Correlation-Id",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.out()).contains("\nx-correlation-id: ").contains("\nx-context-signature: v1;");
  }

  @Test
  void refusesAKeyShorterThan32Bytes() throws IOException {
    TestKeys.write(dir, "short.key", TestKeys.sequence(31, 0));

    CliRun run = CliRun.run(dir, "headers", "--key-id", "k1", "--key-file", "short.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("key file 'short.key' holds 31 bytes; a signing key needs at least 32 raw bytes");
  }

  @Test
  void warnsWhenTheKeyFileHoldsBase64Text() throws IOException {
    TestKeys.write(
        dir,
        "b64.key",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n".getBytes(StandardCharsets.US_ASCII));

    CliRun run = CliRun.run(dir, "headers", "--key-id", "k1", "--key-file", "b64.key");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("looks like base64 text").contains("base64 -d");
  }

  @Test
  void aMissingKeyFileIsAnIoError() {
    CliRun run = CliRun.run(dir, "headers", "--key-id", "k1", "--key-file", "nope.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.IO);
    assertThat(run.err()).contains("key file 'nope.key' does not exist");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no key id         | --key-file k1.key                                | --key-id is required",
        "no key file       | --key-id k1                                      | --key-file is required",
        "unknown option    | --usr tess --key-id k1 --key-file k1.key         | unknown option '--usr'",
        "missing value     | --key-id k1 --key-file k1.key --user             | --user needs a value",
        "twice             | --user a --user b --key-id k1 --key-file k1.key  | --user is given twice",
        "two keys          | --key-id k1 --key-file k1.key --key-id k2 --key-file k1.key | --key-id is given twice",
        "bad key id        | --key-id k/1 --key-file k1.key                   | Invalid signing key id 'k/1'",
        "bad ttl           | --ttl soon --key-id k1 --key-file k1.key         | --ttl 'soon' is not a duration",
        "ttl too long      | --ttl 2d --key-id k1 --key-file k1.key           | --ttl: Signature ttl must be between",
        "bad trace id      | --trace-id ABC --key-id k1 --key-file k1.key     | --trace-id 'ABC' is not valid: 32 lowercase hex",
        "bad license       | --license gold! --key-id k1 --key-file k1.key    | --license 'gold!' is not valid",
        "positional        | extra --key-id k1 --key-file k1.key              | unexpected argument 'extra'",
        "switch with value | --trace=yes --key-id k1 --key-file k1.key        | --trace takes no value",
      })
  void aBadCommandLineIsAUsageErrorThatSaysWhy(String name, String args, String message) {
    CliRun run = CliRun.run(dir, ("headers " + args.trim()).split(" +"));

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("contextkit headers: ").contains(message);
  }

  @Test
  void aUserWithControlCharactersIsRefusedAndEchoedEscaped() {
    CliRun run =
        CliRun.run(
            dir,
            "headers",
            "--user",
            "tess\u001b[31m\nx",
            "--key-id",
            "k1",
            "--key-file",
            "k1.key");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--user 'tess\\u001b[31m\\nx' is not valid");
    assertThat(run.err()).doesNotContain("\u001b");
    assertThat(run.err().strip()).doesNotContain("\n");
  }
}
