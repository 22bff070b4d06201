package io.contextkit.cli.internal;

/**
 * A command line that cannot be run; the verb prints the message and exits with {@link
 * ExitCode#USAGE}. Messages must already be escaped ({@link Escape#text}) where they quote input.
 */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A usage error with a message for the user. */
  public UsageException(String message) {
    super(message);
  }
}
