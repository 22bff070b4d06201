package io.contextkit.cli.internal;

import io.contextkit.cli.ContextKitCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Runs the command in-process with a given standard input, clock and working directory. */
public record CliRun(int exitCode, String out, String err) {

  /** The instant the tests' fixed clock shows. */
  public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** Runs {@code args} with empty standard input. */
  public static CliRun run(Path dir, String... args) {
    return run(dir, "", Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  /** Runs {@code args} with {@code stdin}. */
  public static CliRun withInput(Path dir, String stdin, String... args) {
    return run(dir, stdin, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  /** Runs {@code args} at {@code clock}. */
  public static CliRun run(Path dir, String stdin, Clock clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Io io =
        new Io(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            dir,
            clock);
    int code = ContextKitCli.run(List.of(args), io);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
