package io.contextkit.spring.autoconfigure.flags.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidFlagDefinitionsException} at startup: which flag, what is wrong, and
 * which keys (or file) to fix.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class FlagDefinitionsFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidFlagDefinitionsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidFlagDefinitionsException cause) {
    String flag = cause.flagKey();
    StringBuilder action = new StringBuilder();
    if (flag != null) {
      action
          .append("Fix the definition of flag \"")
          .append(flag)
          .append("\" under ")
          .append(FlagProperties.PREFIX)
          .append(flag)
          .append(".*");
    } else {
      action.append("Fix the properties under ").append(FlagProperties.PREFIX).append('*');
    }
    if (cause.file() != null) {
      action.append(" or in the flags file ").append(cause.file());
    }
    action.append(
        ". Each flag needs variants.<name>, and default-variant and targeting may only name"
            + " those variants; targeting is JsonLogic written as a JSON string.");
    if (cause.strict()) {
      action.append(
          " contextkit.flags.strict=true makes every problem a startup failure; without it each"
              + " flag loads on its own, as in flagd, and an invalid one answers the caller's"
              + " default with reason ERROR.");
    }
    if (cause.yamlBooleanVariants()) {
      action.append(
          " YAML reads unquoted on, off, yes and no as true/false: quote variant names such as"
              + " \"on\" and \"off\".");
    }
    return new FailureAnalysis(
        "ContextKit could not load the feature flags: " + cause.problem(),
        action.toString(),
        cause);
  }
}
