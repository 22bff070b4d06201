package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The signed-context format as docs/context-and-trust.md documents it ("The signed context, byte by
 * byte"), checked byte for byte against core: the worked example's message, MAC and header, an
 * encoder written from the documented layout alone, and the documented Python reference
 * implementation.
 */
class SignedContextFormatTest {

  static final byte[] KEY = TestKeys.sequence(32, 0);
  static final String KID = "example";
  static final long EXP = 1767225600L;
  static final SignedFields FIELDS =
      new SignedFields(
          "4bf92f3577b34da6a3ce929d0e0e4736", "req-42", "tess", "acme", true, null, "TRACE");
  static final String MESSAGE_HEX =
      "0000001c636f6e746578746b69742d636f6e746578742d7369676e6174757265000000027631000000076578616d"
          + "706c65000000006955b9000100000020346266393266333537376233346461366133636539323964306530"
          + "653437333601000000067265712d3432010000000474657373010000000461636d65010001000000055452"
          + "414345";
  static final String HEADER =
      "v1;kid=example;exp=1767225600;sig=oi809gkIUWPWgPOblfE3ZgrHyf5MyTYnKdEN3I4amlo";

  private static final String BEGIN = "<!-- signed-context-example:begin -->";
  private static final String END = "<!-- signed-context-example:end -->";

  @Test
  void coreSignsTheWorkedExampleExactlyAsDocumented() {
    // Signed 60 s (the default TTL) before the documented expiry.
    ContextSignature signature =
        ContextSignature.builder(SigningKeys.of(KID, KEY))
            .clock(
                Clock.fixed(
                    Instant.ofEpochSecond(EXP).minus(Duration.ofSeconds(60)), ZoneOffset.UTC))
            .build();

    assertThat(signature.sign(FIELDS)).isEqualTo(HEADER);
    assertThat(signature.verify(HEADER, FIELDS).isValid()).isTrue();
  }

  @Test
  void theDocumentedMessageIsWhatTheMacCovers() throws Exception {
    byte[] message = HexFormat.of().parseHex(MESSAGE_HEX);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));

    assertThat(message).hasSize(135);
    assertThat(
            "v1;kid="
                + KID
                + ";exp="
                + EXP
                + ";sig="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message)))
        .isEqualTo(HEADER);
  }

  @Test
  void anEncoderWrittenFromTheDocumentedLayoutProducesTheSameMessage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    str(out, "contextkit-context-signature");
    str(out, "v1");
    str(out, KID);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (EXP >>> shift));
    }
    opt(out, FIELDS.traceId());
    opt(out, FIELDS.requestId());
    opt(out, FIELDS.userId());
    opt(out, FIELDS.accountId());
    out.write(FIELDS.tester() ? 1 : 0);
    opt(out, FIELDS.license());
    opt(out, FIELDS.requestType());

    assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(MESSAGE_HEX);
  }

  @Test
  void theWorkedExampleHeadersCarryExactlyTheSignedFields() {
    HeaderSet headers =
        HeaderSet.parse(
            String.join(
                "\n",
                "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "x-request-id: req-42",
                "baggage: user_id=tess,account_id=acme,request_type=TRACE,tester=true",
                "contextkit-signature: " + HEADER));

    assertThat(ContextPropagator.defaults().claimedFields(headers, HeaderSet.GETTER))
        .isEqualTo(FIELDS);
  }

  @Test
  void theReadmeShowsTheWorkedExampleAsTested() throws IOException {
    String example = example();

    assertThat(example)
        .contains("contextkit-signature: " + HEADER)
        .contains("baggage: user_id=tess,account_id=acme,request_type=TRACE,tester=true")
        .contains("x-request-id: req-42")
        .contains("traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .contains(String.valueOf(EXP))
        .contains(HexFormat.of().formatHex(KEY));
    assertThat(example.replaceAll("\\s", "")).contains(MESSAGE_HEX);
  }

  @Test
  void theReadmesPythonReferenceSignsTheWorkedExample() throws Exception {
    Matcher python = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL).matcher(example());
    assertThat(python.find()).as("a ```python block in the worked example").isTrue();
    Assumptions.assumeTrue(
        onPath("python3"), "python3 is not installed: the Python reference was not run");
    Path script = Files.createTempFile("signed-context", ".py");
    try {
      Files.writeString(script, python.group(1));
      Process process =
          new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output.strip()).isEqualTo(HEADER);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** The worked example's text, from whichever Markdown file of the repository holds it. */
  static String example() throws IOException {
    Path root = repositoryRoot();
    List<Path> candidates;
    try (Stream<Path> docs =
        Files.exists(root.resolve("docs")) ? Files.walk(root.resolve("docs")) : Stream.empty()) {
      candidates =
          Stream.concat(
                  Stream.of(root.resolve("README.md")),
                  docs.filter(p -> p.toString().endsWith(".md")))
              .toList();
    }
    for (Path file : candidates) {
      String text = Files.readString(file);
      int begin = text.indexOf(BEGIN);
      if (begin >= 0) {
        int end = text.indexOf(END, begin);
        assertThat(end).as("%s closes the example with %s", file, END).isPositive();
        return text.substring(begin + BEGIN.length(), end);
      }
    }
    throw new AssertionError("no Markdown file of " + root + " holds " + BEGIN);
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !(Files.isDirectory(dir.resolve("contextkit-cli"))
            && Files.exists(dir.resolve("README.md")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new AssertionError("not run inside the repository: " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }

  private static void str(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >>> 24);
    out.write(bytes.length >>> 16);
    out.write(bytes.length >>> 8);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  private static void opt(ByteArrayOutputStream out, String value) {
    if (value == null) {
      out.write(0);
    } else {
      out.write(1);
      str(out, value);
    }
  }
}
