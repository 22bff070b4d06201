package io.contextkit.cli.internal;

/** The exit codes of every verb, as documented in {@code contextkit --help} and the README. */
public final class ExitCode {

  /** Success: headers printed, signature valid, log lines found. */
  public static final int OK = 0;

  /** The verb ran but the answer is no: the signature is not valid, no log line matched. */
  public static final int FAILED = 1;

  /** The command line is wrong (unknown option, missing or invalid value); nothing was done. */
  public static final int USAGE = 2;

  /** A file or stream could not be read (missing key file, unreadable log file). */
  public static final int IO = 3;

  /** A bug in contextkit: the message says what happened; please report it. */
  public static final int INTERNAL = 4;

  /** The text every {@code --help} ends with. */
  public static final String HELP_TEXT =
      String.join(
          "\n",
          "Exit codes:",
          "  0  success (headers printed, signature valid, log lines found, map printed)",
          "  1  the answer is no (signature not valid or a field refused, nothing matched, a map"
              + " source is not a dependency report)",
          "  2  usage error (unknown option, missing or invalid value); nothing was done",
          "  3  I/O error (a key, log or report file or URL could not be read, the jar is not built)",
          "  4  internal error (a bug in contextkit; please report it)");

  private ExitCode() {}
}
