package io.contextkit.flags.internal;

/** An invalid targeting rule, found at load time; the message says where and what. */
public final class RuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RuleException(String message) {
    super(message);
  }
}
