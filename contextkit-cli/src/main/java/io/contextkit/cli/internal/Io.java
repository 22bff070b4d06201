package io.contextkit.cli.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What a verb reads from and writes to: standard input, output and error, the directory relative
 * paths are resolved against, and the clock (fixed in tests).
 *
 * @param in standard input
 * @param out standard output (UTF-8): the verb's result
 * @param err standard error (UTF-8): diagnostics and counts
 * @param workingDirectory where relative file names are resolved
 * @param clock the current time, for signature expiry
 */
public record Io(
    InputStream in, PrintStream out, PrintStream err, Path workingDirectory, Clock clock) {

  /** Checks the components. */
  public Io {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(clock, "clock");
  }

  /** {@code name} resolved against the working directory. */
  public Path resolve(String name) {
    return workingDirectory.resolve(name);
  }
}
