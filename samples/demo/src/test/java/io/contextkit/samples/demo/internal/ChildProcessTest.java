package io.contextkit.samples.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  @TempDir Path directory;

  @Test
  void capturesOutputToTheFileAndEchoesItWithAPrefix() throws Exception {
    ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    PrintStream echo = new PrintStream(echoed, true, StandardCharsets.UTF_8);
    try (ChildProcess child =
        ChildProcess.start(
            "svc",
            List.of("sh", "-c", "echo '{\"a\":1}'; echo oops >&2"),
            directory,
            directory.resolve("svc.log"),
            echo)) {
      awaitExit(child);
      awaitLines(child, 2);
      assertThat(child.lines()).containsExactlyInAnyOrder("{\"a\":1}", "oops");
    }
    assertThat(echoed.toString(StandardCharsets.UTF_8))
        .contains("[svc] {\"a\":1}")
        .contains("[svc] oops");
  }

  @Test
  void closeStopsTheWholeProcessTree() throws Exception {
    ChildProcess child =
        ChildProcess.start(
            "tree",
            List.of("sh", "-c", "sleep 300 & sleep 300 & wait"),
            directory,
            directory.resolve("tree.log"),
            null);
    List<ProcessHandle> tree = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    ProcessHandle root = ProcessHandle.of(child.pid()).orElseThrow();
    while (tree.size() < 2 && System.nanoTime() < deadline) {
      tree.clear();
      root.descendants().forEach(tree::add);
      Thread.sleep(50);
    }
    assertThat(tree).hasSize(2);

    child.close();

    assertThat(child.isAlive()).isFalse();
    for (ProcessHandle handle : tree) {
      handle.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(handle.isAlive()).as("descendant %s", handle.pid()).isFalse();
    }
  }

  @Test
  void awaitHealthyReportsAnEarlyExitWithTheLastOutput() throws Exception {
    try (ChildProcess child =
        ChildProcess.start(
            "broken",
            List.of("sh", "-c", "echo 'cannot bind'; exit 3"),
            directory,
            directory.resolve("broken.log"),
            null)) {
      awaitExit(child);
      awaitLines(child, 1);
      assertThatThrownBy(
              () ->
                  child.awaitHealthy(
                      URI.create("http://127.0.0.1:" + Ports.free(1).get(0) + "/health"),
                      Duration.ofSeconds(5)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broken exited with status 3")
          .hasMessageContaining("cannot bind");
    }
  }

  private static void awaitExit(ChildProcess child) throws InterruptedException {
    ProcessHandle.of(child.pid()).ifPresent(handle -> handle.onExit().join());
    while (child.isAlive()) {
      Thread.sleep(10);
    }
  }

  private static void awaitLines(ChildProcess child, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (child.lines().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
