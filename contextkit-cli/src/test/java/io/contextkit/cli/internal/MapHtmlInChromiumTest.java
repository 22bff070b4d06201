package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML page of {@code contextkit map} opened in a real headless browser (Debian's {@code
 * chromium}): the DOM after the page's script ran holds every node and edge, the script finished
 * (it marks the body), nothing was fetched and nothing was logged to the console. The page and a
 * screenshot stay in {@code target/map-html/} as build artifacts.
 */
class MapHtmlInChromiumTest {

  private static final Path OUT = Path.of("target", "map-html").toAbsolutePath();
  private static String chromium;

  @BeforeAll
  static void findChromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, name))) {
          chromium = Path.of(dir, name).toString();
          return;
        }
      }
    }
  }

  @Test
  void thePageRendersEveryNodeAndEdgeWithoutAConsoleError() throws Exception {
    assumeTrue(
        chromium != null,
        "chromium is not installed (apt-get install chromium): the HTML page was not opened in a"
            + " browser");
    Files.createDirectories(OUT);
    for (String name : List.of("orders.json", "inventory.json")) {
      try (InputStream in = MapHtmlInChromiumTest.class.getResourceAsStream("/map/" + name)) {
        Files.write(OUT.resolve(name), in.readAllBytes());
      }
    }
    CliRun run =
        CliRun.run(
            OUT,
            "map",
            "--html",
            "system-map.html",
            "--alias",
            "localhost:8081=quarkus-inventory",
            "orders.json",
            "inventory.json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path page = OUT.resolve("system-map.html");

    Result dom = chromium("--dump-dom", page.toUri().toString());
    Result shot =
        chromium(
            "--screenshot=" + OUT.resolve("system-map.png"),
            "--window-size=1400,900",
            page.toUri().toString());

    assertThat(dom.exitCode).as(dom.err).isZero();
    // The inline script ran to its end: it counts the nodes it wired.
    assertThat(dom.out).contains("data-rendered=\"6\"");
    assertThat(count(dom.out, "<g class=\"node ")).isEqualTo(6);
    assertThat(count(dom.out, "<g class=\"edge")).isEqualTo(6);
    assertThat(dom.out)
        .contains(">spring-orders</text>")
        .contains(">quarkus-inventory</text>")
        .contains(">orders.created</text>")
        .contains(">payments.example:9090</text>")
        .contains(">spring-orders/dataSource</text>")
        .contains(">quarkus-inventory/&lt;default&gt;</text>")
        .contains("10 calls, 1.0/min, 10.0% errors, p99 12.0 ms, 2 TRACE");
    for (Result result : List.of(dom, shot)) {
      assertThat(result.err).doesNotContainIgnoringCase("console(").doesNotContain("Uncaught");
    }
    assertThat(shot.exitCode).as(shot.err).isZero();
    assertThat(Files.size(OUT.resolve("system-map.png"))).isGreaterThan(10_000);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result chromium(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(chromium);
    // No sandbox: CI and build containers run as root, where chromium refuses to start with one.
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--user-data-dir=" + OUT.resolve("chromium-profile"),
            "--enable-logging=stderr",
            "--v=0"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(OUT, "chromium", ".out");
    Path err = Files.createTempFile(OUT, "chromium", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
