package io.contextkit.flags.internal;

import io.contextkit.flags.FlagContext;
import org.jspecify.annotations.Nullable;

/**
 * A compiled JsonLogic expression: evaluates against a context, never throws, never allocates maps.
 */
abstract class Node {

  abstract @Nullable Object eval(FlagContext ctx);

  /** Whether the node always yields the same value; the compiler folds such nodes. */
  boolean isConstant() {
    return false;
  }
}
