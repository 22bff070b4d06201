package io.contextkit.spring.autoconfigure.flags;

import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagDefinition;
import io.contextkit.flags.FlagDefinitionException;
import io.contextkit.flags.FlagDefinitions;
import io.contextkit.flags.FlagDefinitionsLoader;
import io.contextkit.flags.FlagProblem;
import io.contextkit.flags.FlagType;
import io.contextkit.flags.ReloadError;
import io.contextkit.spring.autoconfigure.flags.internal.FlagProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only {@code flags} actuator endpoint: the definitions ContextKit's provider serves now,
 * where each flag is defined ({@code file}, {@code properties}, or {@code file+properties} when
 * properties override a flag of the file), what loading found wrong with each flag (a flag that
 * loaded with an invalid targeting rule shows status {@code INVALID} and its problems), the flags
 * file, whether strict mode is on, and the last failed reload.
 */
@Endpoint(id = "flags")
public final class ContextKitFlagsEndpoint {

  private final ContextKitFlagProvider provider;
  private final FlagProperties properties;

  ContextKitFlagsEndpoint(ContextKitFlagProvider provider, FlagProperties properties) {
    this.provider = provider;
    this.properties = properties;
  }

  /** The current definitions. */
  @ReadOperation
  public FlagsDescriptor flags() {
    FlagDefinitions served = provider.definitions();
    Map<String, String> current = properties.read();
    String file = properties.file();
    FlagDefinitions fromFile = fileOnly(file);
    Map<String, FlagDescriptor> flags = new LinkedHashMap<>();
    for (FlagDefinition definition : served.definitions().values()) {
      boolean inProperties = definedInProperties(current, definition.key());
      boolean inFile = fromFile != null && fromFile.definition(definition.key()) != null;
      String source = inFile && inProperties ? "file+properties" : inFile ? "file" : "properties";
      FlagType type = definition.type();
      flags.put(
          definition.key(),
          new FlagDescriptor(
              definition.enabled() ? "ENABLED" : "DISABLED",
              type == null ? null : type.name(),
              definition.variants(),
              definition.defaultVariant(),
              definition.targeting(),
              definition.metadata(),
              source,
              definition.invalid()
                  ? "INVALID"
                  : definition.problems().isEmpty() ? "VALID" : "WARNINGS",
              problems(definition.problems())));
    }
    List<FlagProblem> documentProblems = new ArrayList<>();
    for (FlagProblem problem : served.problems()) {
      if (problem.flagKey() == null) {
        documentProblems.add(problem);
      }
    }
    ReloadError error = provider.lastReloadError();
    return new FlagsDescriptor(
        ContextKitFlagProvider.NAME,
        file,
        properties.strict(),
        flags,
        problems(documentProblems),
        error == null ? null : new ReloadErrorDescriptor(error.message(), error.at().toString()));
  }

  private static List<ProblemDescriptor> problems(List<FlagProblem> problems) {
    List<ProblemDescriptor> out = new ArrayList<>(problems.size());
    for (FlagProblem problem : problems) {
      out.add(new ProblemDescriptor(problem.severity().name(), problem.message()));
    }
    return out;
  }

  private static @Nullable FlagDefinitions fileOnly(@Nullable String file) {
    if (file == null) {
      return null;
    }
    try {
      return FlagDefinitionsLoader.fromProperties(Map.of(FlagProperties.PREFIX + "file", file));
    } catch (FlagDefinitionException e) {
      // The file is broken now; the served definitions are the last good ones.
      return null;
    }
  }

  private static boolean definedInProperties(Map<String, String> properties, String flagKey) {
    String plain = FlagProperties.PREFIX + flagKey + ".";
    String bracketed = FlagProperties.PREFIX + "[" + flagKey + "].";
    for (String key : properties.keySet()) {
      if (key.startsWith(plain) || key.startsWith(bracketed)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the endpoint returns.
   *
   * @param provider the provider's name
   * @param file the flags file, or {@code null}
   * @param strict whether {@code contextkit.flags.strict} is on (then no served flag has problems)
   * @param flags the served definitions by flag key
   * @param problems what loading found wrong with the document rather than with one flag
   * @param lastReloadError the last failed reload since the last good one, or {@code null}
   */
  public record FlagsDescriptor(
      String provider,
      @Nullable String file,
      boolean strict,
      Map<String, FlagDescriptor> flags,
      List<ProblemDescriptor> problems,
      @Nullable ReloadErrorDescriptor lastReloadError) {}

  /**
   * One served flag.
   *
   * @param state {@code ENABLED} or {@code DISABLED}
   * @param type the type of the variant values, or {@code null} when there is no single one
   * @param variants variant name to value
   * @param defaultVariant the default variant, or {@code null}
   * @param targeting the JsonLogic rule, or {@code null}
   * @param metadata the flag's metadata
   * @param source {@code file}, {@code properties} or {@code file+properties}
   * @param status {@code VALID}; {@code WARNINGS} when the definition deviates from the flagd
   *     schema but evaluates as flagd does; {@code INVALID} when some of its evaluations answer the
   *     caller's default with reason {@code ERROR} (an invalid targeting rule, a name that is not a
   *     variant, no variants)
   * @param problems what loading found wrong with the flag
   */
  public record FlagDescriptor(
      String state,
      @Nullable String type,
      Map<String, Object> variants,
      @Nullable String defaultVariant,
      @Nullable Object targeting,
      Map<String, Object> metadata,
      String source,
      String status,
      List<ProblemDescriptor> problems) {}

  /**
   * A problem loading found.
   *
   * @param severity {@code ERROR} (evaluations can answer an error because of it) or {@code
   *     WARNING} (evaluated as flagd does)
   * @param message what is wrong, and what evaluation does about it
   */
  public record ProblemDescriptor(String severity, String message) {}

  /**
   * A failed reload.
   *
   * @param message what was wrong
   * @param at when (ISO-8601)
   */
  public record ReloadErrorDescriptor(String message, String at) {}
}
