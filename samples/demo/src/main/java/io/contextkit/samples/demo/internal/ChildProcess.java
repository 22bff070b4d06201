package io.contextkit.samples.demo.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A service started as a child process: stdout and stderr merged, every line written to a log file
 * (flushed per line, so readers see it at once) and, when an echo stream is given, also printed
 * there with a prefix. {@link #close()} stops the whole process tree: descendants first, politely,
 * then forcibly after a grace period.
 */
public final class ChildProcess implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread pump;

  private ChildProcess(String name, Process process, Path logFile, Thread pump) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.pump = pump;
  }

  /**
   * Starts {@code command} in {@code workingDirectory}.
   *
   * @param echo where to print each output line prefixed with {@code [name]}, or null for the log
   *     file only
   */
  public static ChildProcess start(
      String name,
      List<String> command,
      Path workingDirectory,
      Path logFile,
      @Nullable PrintStream echo)
      throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    Writer writer = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    Thread pump =
        new Thread(
            () -> copy(process, writer, echo == null ? null : echo, "[" + name + "] "),
            "demo-output-" + name);
    pump.setDaemon(true);
    pump.start();
    return new ChildProcess(name, process, logFile, pump);
  }

  private static void copy(
      Process process, Writer writer, @Nullable PrintStream echo, String prefix) {
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        writer) {
      String line;
      while ((line = reader.readLine()) != null) {
        writer.write(line);
        writer.write('\n');
        writer.flush();
        if (echo != null) {
          echo.println(prefix + line);
        }
      }
    } catch (IOException e) {
      // The process went away; what was read is in the file.
    }
  }

  /** The name used as prefix and in messages. */
  public String name() {
    return name;
  }

  /** The process id, for the report. */
  public long pid() {
    return process.pid();
  }

  /** Where the output goes. */
  public Path logFile() {
    return logFile;
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Every output line so far. */
  public List<String> lines() {
    try {
      return Files.readAllLines(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Polls {@code url} until it answers 200.
   *
   * @throws IllegalStateException when the process exits first or the timeout passes; the message
   *     carries the last output lines
   */
  public void awaitHealthy(URI url, Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with status "
                + process.exitValue()
                + " before it became healthy; last output:\n"
                + tail(40));
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        name
            + " did not become healthy at "
            + url
            + " within "
            + timeout.toSeconds()
            + " s (last answer: "
            + last
            + "); last output:\n"
            + tail(40));
  }

  /** The last {@code count} output lines joined by newlines. */
  public String tail(int count) {
    List<String> lines = lines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  /**
   * Stops the process and every descendant: a termination request first (so the JVMs run their
   * shutdown hooks and release their ports and database files), then a forced kill after the grace
   * period. Idempotent.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    for (ProcessHandle handle : tree) {
      handle.destroy();
    }
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          handle.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
    try {
      process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
      pump.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
