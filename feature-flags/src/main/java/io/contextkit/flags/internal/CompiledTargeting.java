package io.contextkit.flags.internal;

import io.contextkit.flags.FlagContext;
import org.jspecify.annotations.Nullable;

/**
 * A flag's targeting rule compiled to resolve directly to a variant index. {@link #resolve} returns
 * a variant index (0 or more), {@link #NO_MATCH} when the rule yields {@code null} (use the default
 * variant), {@link #UNKNOWN_VARIANT} when it yields a value that names no variant, or an evaluation
 * error ({@link #isEvaluationError}) when it reaches a part of the rule that cannot be evaluated,
 * such as an unknown operator.
 */
public abstract class CompiledTargeting {

  /** The rule yielded {@code null}. */
  public static final int NO_MATCH = -1;

  /** The rule yielded a value that names no variant. */
  public static final int UNKNOWN_VARIANT = -2;

  private static final int FIRST_EVALUATION_ERROR = -3;

  CompiledTargeting() {}

  /** Evaluates the rule; never throws. */
  public abstract int resolve(FlagContext ctx);

  /**
   * The raw value the rule yielded, for the error message of an {@link #UNKNOWN_VARIANT} result;
   * only called on that error path.
   */
  public abstract @Nullable Object rawValue(FlagContext ctx);

  /** Whether {@code result} reports an evaluation error. */
  public static boolean isEvaluationError(int result) {
    return result <= FIRST_EVALUATION_ERROR;
  }

  /**
   * The index of the evaluation error {@code result} reports, into {@link
   * RuleCompiler.Result#evaluationErrors()}.
   */
  public static int evaluationErrorIndex(int result) {
    return FIRST_EVALUATION_ERROR - result;
  }

  static int evaluationError(int index) {
    return FIRST_EVALUATION_ERROR - index;
  }
}
