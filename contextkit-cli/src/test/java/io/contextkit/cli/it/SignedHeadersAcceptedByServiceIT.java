package io.contextkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End to end: the packaged command, run through the {@code ./contextkit} launcher, mints headers
 * that a running ContextKit service (Spring Boot, the starter, a signing key, H2, no security
 * framework) accepts — the signed STANDARD request writes as the signed user, the signed TRACE
 * request runs ({@code Trace-Applied}) and writes nothing — while a tampered copy (one character of
 * a field or of the signature) is refused with 403 before the handler runs. The documented curl
 * one-liners are run as written.
 */
class SignedHeadersAcceptedByServiceIT {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;

  private static ConfigurableApplicationContext app;
  private static String baseUrl;
  private static Path keyFile;

  @BeforeAll
  static void startService() throws IOException {
    keyFile = Files.write(dir.resolve("k1.key"), SECRET);
    app =
        new SpringApplication(NotesApplication.class)
            .run(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1",
                "--spring.sql.init.mode=always",
                "--spring.sql.init.schema-locations=classpath:notes-schema.sql",
                "--contextkit.trust.signing.active-key-id=k1",
                "--contextkit.trust.signing.keys.k1=" + Base64.getEncoder().encodeToString(SECRET));
    baseUrl = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stopService() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void signedStandardThenTraceThenTamperedCopies() throws Exception {
    // STANDARD first: the write happens, so the TRACE case below cannot pass vacuously.
    List<String> standard = headers("--user", "tess", "--tester", "--account", "acme");
    HttpResponse<String> written = post(standard, "standard note");
    assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    assertThat(written.body())
        .contains("\"user_id\":\"tess\"")
        .contains("\"request_type\":\"STANDARD\"");
    assertThat(written.headers().firstValue("trace-applied")).isEmpty();
    assertThat(notes()).containsExactly("tess:standard note");

    List<String> trace =
        headers("--user", "tess", "--tester", "--trace", "--request-id", "it-trace-1");
    int callsBefore = NotesApplication.NotesController.CALLS.get();
    HttpResponse<String> traced = post(trace, "trace note");
    assertThat(traced.statusCode()).as(traced.body()).isEqualTo(200);
    assertThat(traced.headers().firstValue("trace-applied")).contains("request_type=TRACE");
    assertThat(traced.headers().firstValue("x-request-id")).contains("it-trace-1");
    assertThat(traced.body())
        .contains("\"user_id\":\"tess\"")
        .contains("\"request_type\":\"TRACE\"")
        .contains("\"request_id\":\"it-trace-1\"");
    assertThat(NotesApplication.NotesController.CALLS.get()).isEqualTo(callsBefore + 1);
    assertThat(notes())
        .as("TRACE ran the insert and rolled it back")
        .containsExactly("tess:standard note");

    // One character of a signed field changed: the service no longer trusts the context.
    List<String> otherUser = replace(trace, "baggage:", "user_id=tess", "user_id=tesa");
    HttpResponse<String> forged = post(otherUser, "forged");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("trace-applied")).isEmpty();

    // One character of the signature changed.
    String signature = find(trace, "contextkit-signature:");
    int i = signature.indexOf(";sig=") + 10;
    String flipped =
        signature.substring(0, i)
            + (signature.charAt(i) == 'A' ? 'B' : 'A')
            + signature.substring(i + 1);
    HttpResponse<String> badMac =
        post(replace(trace, "contextkit-signature:", signature, flipped), "bad mac");
    assertThat(badMac.statusCode()).isEqualTo(403);

    // Signed by a key the service does not have.
    Path otherKey =
        Files.write(
            dir.resolve("k9.key"),
            "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.US_ASCII));
    List<String> unknown =
        run(
            List.of(
                "headers",
                "--user",
                "tess",
                "--trace",
                "--key-id",
                "k1",
                "--key-file",
                otherKey.toString()));
    assertThat(post(unknown, "wrong key").statusCode()).isEqualTo(403);

    assertThat(NotesApplication.NotesController.CALLS.get())
        .as("refused requests never reached the handler")
        .isEqualTo(callsBefore + 1);
    assertThat(notes()).containsExactly("tess:standard note");
  }

  @Test
  void theReadmeCurlOneLinersWork() throws Exception {
    Assumptions.assumeTrue(
        onPath("curl"), "curl is not installed: the curl one-liners were not run");
    String contextkit = repository().resolve("contextkit").toString();
    String pipe =
        contextkit
            + " headers --user tess --tester --trace --key-id k1 --key-file "
            + keyFile
            + " | curl -si -H @- -H 'Content-Type: text/plain' -d 'piped' "
            + baseUrl
            + "/notes";
    String substitution =
        "curl -si -H @<("
            + contextkit
            + " headers --user tess --trace --key-id k1 --key-file "
            + keyFile
            + ") -H 'Content-Type: text/plain' -d 'substituted' "
            + baseUrl
            + "/notes";

    for (String line : List.of(pipe, substitution)) {
      Process bash = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
      String response = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(response)
          .as(line)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("trace-applied: request_type=TRACE");
      assertThat(response).contains("\"request_type\":\"TRACE\"");
    }
    assertThat(notes()).noneMatch(note -> note.endsWith(":piped") || note.endsWith(":substituted"));
  }

  private static List<String> headers(String... context) throws Exception {
    List<String> args = new ArrayList<>(List.of("headers"));
    args.addAll(List.of(context));
    args.addAll(List.of("--key-id", "k1", "--key-file", keyFile.toString()));
    return run(args);
  }

  /** Runs {@code ./contextkit ARGS}; its standard output, one line per element. */
  private static List<String> run(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(repository().resolve("contextkit").toString()));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("contextkit %s", args).isZero();
    return out.lines().toList();
  }

  private static HttpResponse<String> post(List<String> headerLines, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/notes"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (String line : headerLines) {
      int colon = line.indexOf(':');
      request.header(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every committed note as user:text, read on a connection of its own. */
  private static List<String> notes() throws Exception {
    List<String> notes = new ArrayList<>();
    try (Connection connection = app.getBean(DataSource.class).getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT user_id, text FROM notes ORDER BY id")) {
      while (rows.next()) {
        notes.add(rows.getString(1) + ":" + rows.getString(2));
      }
    }
    return notes;
  }

  private static String find(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static List<String> replace(List<String> lines, String prefix, String from, String to) {
    String line = find(lines, prefix);
    assertThat(line).contains(from);
    return lines.stream().map(l -> l.equals(line) ? l.replace(from, to) : l).toList();
  }

  private static Path repository() {
    return Path.of(System.getProperty("contextkit.repository", "..")).toAbsolutePath().normalize();
  }

  private static boolean onPath(String command) {
    for (String entry :
        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }
}
