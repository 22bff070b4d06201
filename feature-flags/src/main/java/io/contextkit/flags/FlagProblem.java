package io.contextkit.flags;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something wrong with a flag definition (or with the document, when {@link #flagKey()} is {@code
 * null}) that loading found and, following flagd, did not refuse: the flag was loaded and is
 * evaluated the way flagd evaluates it. In {@link FlagDefinitionsLoader.Mode#STRICT strict} mode
 * every problem is a load error instead.
 *
 * @param flagKey the flag the problem belongs to, or {@code null} for the document
 * @param severity whether evaluations of the flag can answer an error because of it
 * @param message what is wrong and what evaluating the flag does about it; text from the flag
 *     definition appears as it is, so escape it before writing it to a log
 */
public record FlagProblem(@Nullable String flagKey, Severity severity, String message) {

  /** How a problem affects evaluation. */
  public enum Severity {
    /**
     * Some or all evaluations of the flag answer the caller's default with reason {@code ERROR} (an
     * invalid targeting rule, a variant name that is not a variant, a flag without variants).
     */
    ERROR,
    /**
     * The definition deviates from the flagd schema, and the flag is evaluated as flagd evaluates
     * it (an unknown member is ignored, {@code sem_ver} against something that is not a version
     * yields no match, a state other than {@code DISABLED} counts as enabled).
     */
    WARNING
  }

  /** A problem; {@code severity} and {@code message} are required. */
  public FlagProblem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  /** The message naming the flag: {@code flag "checkout": defaultVariant "blue" is not …}. */
  public String describe() {
    return flagKey == null ? message : "flag \"" + flagKey + "\": " + message;
  }
}
