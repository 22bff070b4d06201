package io.contextkit.cli.internal;

import java.io.IOException;
import java.util.List;

/**
 * One verb of the {@code contextkit} command ({@code headers}, {@code verify}, {@code logs}, and
 * later {@code map}). A new verb is one implementation plus one entry in {@link Verbs#all()}.
 *
 * <p>Contract: {@link #run} writes its result to {@link Io#out()} and diagnostics to {@link
 * Io#err()}, returns an {@link ExitCode}, throws {@link UsageException} for a bad command line
 * before doing anything, and {@link IOException} when input cannot be read. Anything it prints that
 * came from input is escaped with {@link Escape}. {@code --help} is handled by the caller.
 */
public interface Verb {

  /** The verb as typed: {@code headers}. */
  String name();

  /** One line for the top-level help. */
  String summary();

  /** The complete {@code --help} text, without the exit-code table (appended by the caller). */
  String usage();

  /**
   * Runs the verb.
   *
   * @param args the arguments after the verb
   * @param io where to read and write
   * @return an {@link ExitCode}
   */
  int run(List<String> args, Io io) throws UsageException, IOException;
}
