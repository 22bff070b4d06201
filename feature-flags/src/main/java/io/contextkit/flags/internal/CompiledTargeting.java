package io.contextkit.flags.internal;

import io.contextkit.flags.FlagContext;
import org.jspecify.annotations.Nullable;

/**
 * A flag's targeting rule compiled to resolve directly to a variant index. {@link #resolve} returns
 * {@link #NO_MATCH} when the rule yields {@code null} (use the default variant), {@link
 * #UNKNOWN_VARIANT} when it yields a name that is not a variant, or a variant index, with {@link
 * #SPLIT} set when a {@code fractional} bucket chose the variant.
 */
public abstract class CompiledTargeting {

  /** The rule yielded {@code null}. */
  public static final int NO_MATCH = -1;

  /** The rule yielded a value that names no variant. */
  public static final int UNKNOWN_VARIANT = -2;

  /** Set on the result when a {@code fractional} bucket chose the variant. */
  public static final int SPLIT = 1 << 30;

  CompiledTargeting() {}

  /** Evaluates the rule; never throws. */
  public abstract int resolve(FlagContext ctx);

  /**
   * The raw value the rule yielded, for the error message of an {@link #UNKNOWN_VARIANT} result;
   * only called on that error path.
   */
  public abstract @Nullable Object rawValue(FlagContext ctx);
}
