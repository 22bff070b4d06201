package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.cli.ContextKitCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsVerbTest {

  static final String T1 = "41f2552a7df437f3b2665446d7c079ef";
  static final String T2 = "ae7419f1443338de2ccc680188fbb135";
  static final String R1 = "5fbe9dbf002a0ff586b0cfd51cbae47d";
  static final String R2 = "d6a18f7316766cab89b11860ae429633";
  static final String R3 = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c";

  @TempDir Path dir;

  /** A line as logstash-logback-encoder writes it with ContextKit's provider (flat fields). */
  static String spring(String time, String trace, String request, String parent, String message) {
    return "{\"@timestamp\":\""
        + time
        + "\",\"@version\":\"1\",\"message\":\""
        + message
        + "\",\"logger_name\":\"com.example.orders.OrderService\",\"thread_name\":\"http-nio-8080-exec-1\","
        + "\"level\":\"INFO\",\"level_value\":20000,\"trace_id\":\""
        + trace
        + "\",\"parent_id\":\""
        + parent
        + "\",\"request_id\":\""
        + request
        + "\",\"user_id\":\"alice\",\"request_type\":\"STANDARD\","
        + "\"feature_flags\":\"new-pricing=off\",\"application_name\":\"spring-orders\"}";
  }

  /** A line as quarkus-logging-json writes it: the context nested in "mdc". */
  static String quarkusNested(
      String time, String trace, String request, String parent, String message) {
    return "{\"timestamp\":\""
        + time
        + "\",\"sequence\":7,\"loggerClassName\":\"org.jboss.logging.Logger\","
        + "\"loggerName\":\"com.example.inventory.Inventory\",\"level\":\"INFO\",\"message\":\""
        + message
        + "\",\"threadName\":\"executor-thread-1\",\"threadId\":42,\"mdc\":{\"trace_id\":\""
        + trace
        + "\",\"parent_id\":\""
        + parent
        + "\",\"request_id\":\""
        + request
        + "\",\"user_id\":\"alice\",\"request_type\":\"STANDARD\"},\"hostName\":\"h\",\"processName\":\"inventory.jar\"}";
  }

  /** A Quarkus line with the context flat at the top level. */
  static String quarkusFlat(
      String time, String trace, String request, String parent, String message) {
    return "{\"timestamp\":\""
        + time
        + "\",\"loggerName\":\"com.example.inventory.OrderCreatedConsumer\","
        + "\"level\":\"INFO\",\"message\":\""
        + message
        + "\",\"threadName\":\"vert.x-worker-thread-1\","
        + "\"trace_id\":\""
        + trace
        + "\",\"parent_id\":\""
        + parent
        + "\",\"request_id\":\""
        + request
        + "\"}";
  }

  /** Boot's structured ECS format: nested log.level, process.thread.name, service.name. */
  static String ecs(String time, String trace, String request, String message) {
    return "{\"@timestamp\":\""
        + time
        + "\",\"log\":{\"level\":\"WARN\",\"logger\":\"com.example.billing.Billing\"},"
        + "\"process\":{\"pid\":1,\"thread\":{\"name\":\"main\"}},\"service\":{\"name\":\"billing\"},"
        + "\"message\":\""
        + message
        + "\",\"trace_id\":\""
        + trace
        + "\",\"request_id\":\""
        + request
        + "\"}";
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private void twoServices() throws IOException {
    write(
        "orders.log",
        "  .   ____          _            __ _ _",
        spring("2026-01-01T10:00:00.100Z", T1, R1, "aaaaaaaaaaaaaaa1", "order 1 placed"),
        "{\"@timestamp\":\"2026-01-01T09:59:59.000Z\",\"message\":\"Started OrdersApplication\",\"level\":\"INFO\"}",
        spring("2026-01-01T10:00:01.000Z", T1, R1, "aaaaaaaaaaaaaaa2", "order 1 read"),
        spring("2026-01-01T10:00:05.000Z", T2, R2, "aaaaaaaaaaaaaaa3", "order 2 placed"),
        "{broken json");
    write(
        "inventory.log",
        "__  ____  __  _____   ___  __ ____  ______",
        quarkusNested(
            "2026-01-01T11:00:00.050+01:00", T1, R1, "bbbbbbbbbbbbbbb1", "Reserved 2 x ABC-1"),
        quarkusFlat("2026-01-01T10:00:00.900Z", T1, R3, "bbbbbbbbbbbbbbb2", "Order 1 is CREATED"),
        quarkusNested(
            "2026-01-01T10:00:05.050Z", T2, R2, "bbbbbbbbbbbbbbb3", "Reserved for order 2"));
  }

  @Test
  void groupsSpringAndQuarkusLinesIntoTracesRequestsAndHopsInTimeOrder() throws IOException {
    twoServices();

    CliRun run = CliRun.run(dir, "logs", "orders.log", "inventory.log");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            String.join(
                "\n",
                "trace "
                    + T1
                    + "  (2 services, 2 requests, 4 lines, 2026-01-01T10:00:00.050Z .. 10:00:01.000)",
                "  request " + R1 + "  user_id=alice  request_type=STANDARD",
                "    hop inventory bbbbbbbbbbbbbbb1",
                "      10:00:00.050 INFO  [executor-thread-1] Inventory: Reserved 2 x ABC-1",
                "    hop spring-orders aaaaaaaaaaaaaaa1",
                "      10:00:00.100 INFO  [http-nio-8080-exec-1] OrderService: order 1 placed",
                "                   flags: new-pricing=off",
                "    hop spring-orders aaaaaaaaaaaaaaa2",
                "      10:00:01.000 INFO  [http-nio-8080-exec-1] OrderService: order 1 read",
                "                   flags: new-pricing=off",
                "  request " + R3,
                "    hop inventory bbbbbbbbbbbbbbb2",
                "      10:00:00.900 INFO  [vert.x-worker-thread-1] OrderCreatedConsumer: Order 1 is CREATED",
                "",
                "trace "
                    + T2
                    + "  (2 services, 1 request, 2 lines, 2026-01-01T10:00:05Z .. 10:00:05.050)",
                "  request " + R2 + "  user_id=alice  request_type=STANDARD",
                "    hop spring-orders aaaaaaaaaaaaaaa3",
                "      10:00:05.000 INFO  [http-nio-8080-exec-1] OrderService: order 2 placed",
                "                   flags: new-pricing=off",
                "    hop inventory bbbbbbbbbbbbbbb3",
                "      10:00:05.050 INFO  [executor-thread-1] Inventory: Reserved for order 2",
                ""));
    assertThat(run.err())
        .isEqualTo(
            "contextkit logs: skipped 3 lines that are not a JSON object\n"
                + "contextkit logs: 1 JSON line without trace_id or request_id (startup, background"
                + " work) not shown\n");
  }

  @Test
  void aRequestBringsItsWholeTraceAndOnlyThat() throws IOException {
    twoServices();

    CliRun run = CliRun.run(dir, "logs", "--request", R1, "orders.log", "inventory.log");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("trace " + T1)
        .contains("request " + R3)
        .doesNotContain(T2)
        .doesNotContain(R2);
  }

  @Test
  void aTraceSelectsItsLines() throws IOException {
    twoServices();

    CliRun run = CliRun.run(dir, "logs", "--trace", T2, "orders.log", "inventory.log");

    assertThat(run.out()).startsWith("trace " + T2).doesNotContain(T1);
  }

  @Test
  void nothingMatchingIsExitOneWithAMessage() throws IOException {
    twoServices();

    CliRun run = CliRun.run(dir, "logs", "--request", "nope\u001b", "orders.log");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no log line carries request_id 'nope\\u001b'");
  }

  @Test
  void readsStandardInputAndBootsEcsShape() {
    String input = ecs("2026-01-01T10:00:00Z", T1, R1, "charged") + "\r\n";

    CliRun run = CliRun.withInput(dir, input, "logs", "-");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("    hop billing\n")
        .contains("      10:00:00.000 WARN  [main] Billing: charged\n");
  }

  @Test
  void escapesEverythingALogLineCarries() throws IOException {
    write(
        "evil.log",
        "{\"message\":\"line\\u001b[2J\\nforged: INFO ok\",\"level\":\"INFO\\u0007\","
            + "\"trace_id\":\"t\\u202e1\",\"request_id\":\"r\\n1\",\"thread_name\":\"\\u009b\","
            + "\"user_id\":\"u\\r\",\"stack_trace\":\"java.lang.X: boom\\n\\tat a.b\"}");

    CliRun run = CliRun.run(dir, "logs", "evil.log");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .doesNotContain("\u202e")
        .doesNotContain("\u009b")
        .doesNotContain("\r");
    assertThat(run.out())
        .contains("trace t\\u202e1")
        .contains("request r\\n1  user_id=u\\r")
        .contains("line\\u001b[2J\\nforged: INFO ok")
        .contains("error: java.lang.X: boom");
    assertThat(run.out().lines()).noneMatch(line -> line.startsWith("forged"));
  }

  @Test
  void countsOverlongLinesWithoutHoldingThem() throws IOException {
    Files.writeString(
        dir.resolve("big.log"),
        "{\"message\":\""
            + "x".repeat(LogsVerb.MAX_LINE_BYTES)
            + "\",\"trace_id\":\""
            + T1
            + "\"}\n"
            + spring("2026-01-01T10:00:00Z", T1, R1, "aaaaaaaaaaaaaaa1", "small"));

    CliRun run = CliRun.run(dir, "logs", "big.log");

    assertThat(run.out()).contains("small");
    assertThat(run.err())
        .contains("skipped 1 line that is not a JSON object (1 longer than 1 MiB)");
  }

  @Test
  void badCommandLinesAreUsageErrorsAndMissingFilesIoErrors() throws IOException {
    twoServices();

    assertThat(CliRun.run(dir, "logs").err()).contains("give one or more log files, or -");
    assertThat(CliRun.run(dir, "logs").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.run(dir, "logs", "--trace", T1, "--request", R1, "orders.log").exitCode())
        .isEqualTo(ExitCode.USAGE);
    assertThat(CliRun.run(dir, "logs", "-", "-").err()).contains("can be read once only");
    assertThat(CliRun.run(dir, "logs", "--since", "1h", "orders.log").err())
        .contains("unknown option '--since'");
    CliRun missing = CliRun.run(dir, "logs", "orders.log", "nope.log");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.IO);
    assertThat(missing.err()).contains("nope.log").contains("no such file");
    assertThat(missing.out()).isEmpty();
  }

  @Test
  void followPrintsLinesAsTheyAreAppendedAndReadsATruncatedFileAgain() throws Exception {
    Path file =
        write("orders.log", spring("2026-01-01T10:00:00Z", T1, R1, "aaaaaaaaaaaaaaa1", "first"));
    Follow follow =
        Follow.start(
            dir, new java.io.ByteArrayInputStream(new byte[0]), "logs", "--follow", "orders.log");
    try {
      follow.awaitOut("first");
      // A half-written line is not read until its end arrives.
      Files.writeString(
          file,
          "not json\n"
              + spring("2026-01-01T10:00:01Z", T1, R1, "aaaaaaaaaaaaaaa1", "sec").substring(0, 40),
          StandardOpenOption.APPEND);
      Files.writeString(
          file,
          spring("2026-01-01T10:00:01Z", T1, R1, "aaaaaaaaaaaaaaa1", "second").substring(40) + "\n",
          StandardOpenOption.APPEND);
      follow.awaitOut("second");
      Files.writeString(
          file,
          spring("2026-01-01T10:00:09Z", T2, R2, "aaaaaaaaaaaaaaa9", "after truncation") + "\n");
      follow.awaitOut("after truncation");
    } finally {
      follow.stop();
    }
    assertThat(follow.exitCode()).isZero();
    assertThat(follow.out())
        .contains(
            "trace "
                + T1
                + "  request "
                + R1
                + "  user_id=alice  request_type=STANDARD\n"
                + "  spring-orders aaaaaaaaaaaaaaa1  10:00:00.000 INFO  [http-nio-8080-exec-1] OrderService: first\n")
        .contains("OrderService: second")
        .contains("trace " + T2 + "  request " + R2);
    // one heading for both lines of the first request
    assertThat(follow.out().split("trace " + T1, -1)).hasSize(2);
    assertThat(follow.err())
        .contains("orders.log was truncated")
        .contains("skipped 1 line that is not a JSON object");
  }

  @Test
  void followOnStandardInputEndsWithItAndKeepsTheRequestsTrace() throws Exception {
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(writer);
    Follow follow = Follow.start(dir, stdin, "logs", "-f", "--request", R1, "-");
    PrintStream lines = new PrintStream(writer, true, StandardCharsets.UTF_8);
    lines.println(quarkusFlat("2026-01-01T10:00:00Z", T2, R2, "bbbbbbbbbbbbbbb1", "other request"));
    lines.println(spring("2026-01-01T10:00:01Z", T1, R1, "aaaaaaaaaaaaaaa1", "the request"));
    lines.println(quarkusFlat("2026-01-01T10:00:02Z", T1, R3, "bbbbbbbbbbbbbbb2", "its consumer"));
    follow.awaitOut("its consumer");
    lines.close();
    follow.join();

    assertThat(follow.exitCode()).isZero();
    assertThat(follow.out())
        .contains("the request")
        .contains("its consumer")
        .doesNotContain("other request");
  }

  /** The verb with --follow, run on its own thread until stopped. */
  static final class Follow {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger code = new AtomicInteger(-1);
    private Thread thread;

    static Follow start(Path dir, java.io.InputStream in, String... args) {
      Follow follow = new Follow();
      Io streams =
          new Io(
              in,
              new PrintStream(follow.out, true, StandardCharsets.UTF_8),
              new PrintStream(follow.err, true, StandardCharsets.UTF_8),
              dir,
              Clock.systemUTC());
      follow.thread = new Thread(() -> follow.code.set(ContextKitCli.run(List.of(args), streams)));
      follow.thread.start();
      return follow;
    }

    void awaitOut(String text) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!out().contains(text)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "no '" + text + "' within 20 s; out: " + out() + " err: " + err());
        }
        Thread.sleep(20);
      }
    }

    void stop() throws InterruptedException {
      thread.interrupt();
      join();
    }

    void join() throws InterruptedException {
      thread.join(Duration.ofSeconds(20).toMillis());
      assertThat(thread.isAlive()).as("the follow loop stopped").isFalse();
    }

    int exitCode() {
      return code.get();
    }

    synchronized String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }
}
