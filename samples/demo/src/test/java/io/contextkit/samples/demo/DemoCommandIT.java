package io.contextkit.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.samples.demo.internal.Ports;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged demo command ({@code java -jar target/demo.jar}, what {@code ./demo} runs) as a user
 * meets it: Ctrl-C stops everything it started, a taken port stops it before it starts anything.
 */
class DemoCommandIT {

  @TempDir Path directory;

  private DemoOptions layout;
  private Path demoJar;

  @BeforeEach
  void requireBuiltApps() {
    layout = DemoOptions.defaults(DemoOptions.defaultSamplesDirectory());
    demoJar = layout.samplesDirectory().resolve("demo/target/demo.jar");
    Assumptions.assumeTrue(
        Files.isRegularFile(layout.ordersJar())
            && Files.isRegularFile(layout.inventoryJar())
            && Files.isRegularFile(demoJar),
        "The sample applications or the demo jar are not built: run ./mvnw -pl"
            + " samples/spring-orders,samples/quarkus-inventory,samples/demo verify, or the whole"
            + " build");
  }

  @Test
  void ctrlCStopsBothServicesTheBrokerAndTheStubAndDeletesTheWorkDirectory() throws Exception {
    List<Integer> ports = Ports.free(4);
    Path output = directory.resolve("demo.out");
    Process demo =
        new ProcessBuilder(
                command(
                    "--wait",
                    "--orders-port",
                    ports.get(0).toString(),
                    "--inventory-port",
                    ports.get(1).toString(),
                    "--payment-port",
                    ports.get(2).toString(),
                    "--kafka-port",
                    ports.get(3).toString()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      awaitOutput(demo, output, "Everything runs", Duration.ofSeconds(150));
      List<ProcessHandle> children = new ArrayList<>();
      demo.descendants().forEach(children::add);
      assertThat(children).as("both services run as child processes").hasSize(2);
      Path work = workDirectory(output);
      assertThat(work).isDirectory();
      for (int port : ports) {
        assertThat(Ports.isFree(port)).as("port %s in use while running", port).isFalse();
      }

      // What the terminal sends on Ctrl-C. A process started from a shell's background job
      // inherits SIGINT ignored and the JVM then installs no handler for it: there, SIGTERM
      // runs the same shutdown hooks.
      String signal = sigintIgnored() ? "-TERM" : "-INT";
      new ProcessBuilder("kill", signal, Long.toString(demo.pid())).start().waitFor();

      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo exits").isTrue();
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
        assertThat(child.isAlive()).isFalse();
      }
      assertThat(work).doesNotExist();
      for (int port : ports) {
        assertThat(Ports.isFree(port)).as("port %s released", port).isTrue();
      }
      assertThat(Files.readString(output, StandardCharsets.UTF_8))
          .contains("Stopping everything the demo started");
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }

  @Test
  void aTakenPortStopsTheDemoBeforeItStartsAnythingNamingThePortAndItsOption() throws Exception {
    List<Integer> ports = Ports.free(3);
    try (ServerSocket taken = new ServerSocket(0)) {
      Path output = directory.resolve("taken.out");
      Process demo =
          new ProcessBuilder(
                  command(
                      "--orders-port",
                      Integer.toString(taken.getLocalPort()),
                      "--inventory-port",
                      ports.get(0).toString(),
                      "--payment-port",
                      ports.get(1).toString(),
                      "--kafka-port",
                      ports.get(2).toString()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();

      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(demo.exitValue()).isEqualTo(2);
      assertThat(Files.readString(output, StandardCharsets.UTF_8))
          .contains(
              "Port "
                  + taken.getLocalPort()
                  + " (spring-orders HTTP) is already in use. Stop whatever listens there or"
                  + " choose another port with --orders-port <port>.")
          .doesNotContain("Starting");
    }
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(demoJar.toString());
    command.addAll(List.of(args));
    return command;
  }

  private static void awaitOutput(Process process, Path output, String text, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String written = Files.readString(output, StandardCharsets.UTF_8);
      if (written.contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("The demo exited early:\n" + written);
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "No '" + text + "' within " + timeout + ":\n" + Files.readString(output));
  }

  private static Path workDirectory(Path output) throws Exception {
    for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
      if (line.startsWith("> Work directory ")) {
        return Path.of(line.substring("> Work directory ".length()).trim());
      }
    }
    throw new AssertionError("No work directory in the output");
  }

  /** Whether this JVM (and so the demo it starts) ignores SIGINT, read from Linux' proc status. */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << 1)) != 0; // SIGINT is signal 2: bit 1
      }
    }
    return false;
  }
}
