package io.contextkit.benchmarks.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An application under test running in a JVM of its own, its stdout and stderr (the JSON log) in a
 * file. Closing it stops the JVM.
 */
public final class AppProcess implements AutoCloseable {

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private AppProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code java [jvmArgs] launch... --server.port=<free port> [appArgs]} with the same JVM
   * as this one.
   */
  public static AppProcess start(
      String name, List<String> jvmArgs, List<String> launch, List<String> appArgs, Path log)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(launch);
    command.add("--server.port=" + port);
    command.addAll(appArgs);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new AppProcess(name, port, log, process);
  }

  /**
   * Starts the Quarkus application in {@code appDir} ({@code quarkus-run.jar}): {@code java
   * [jvmArgs] -Dquarkus.http.port=<free port> -Dquarkus.profile=<profile> -jar
   * appDir/quarkus-run.jar}.
   */
  public static AppProcess startQuarkus(
      String name, List<String> jvmArgs, Path appDir, String profile, Path log) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.profile=" + profile);
    command.add("-jar");
    command.add(appDir.resolve("quarkus-run.jar").toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new AppProcess(name, port, log, process);
  }

  /** A port free right now (the child binds it moments later; a clash fails its start loudly). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code ready} answers true, the process dies (an exception naming its log) or
   * {@code seconds} pass.
   */
  public void awaitReady(ReadyCheck ready, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + ", see " + log);
      }
      if (ready.isReady(port)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IOException(name + " not ready after " + seconds + " s, see " + log);
  }

  /** Whether the application on a port answers as ready. */
  public interface ReadyCheck {
    boolean isReady(int port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
