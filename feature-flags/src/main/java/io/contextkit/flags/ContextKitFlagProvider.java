package io.contextkit.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import io.contextkit.flags.internal.LogText;
import io.contextkit.flags.internal.OpenFeatureFlagContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenFeature provider serving {@link FlagDefinitions} (flags in the flagd format from
 * configuration). Applications use the standard OpenFeature {@code Client}; switching to flagd or
 * any other provider later is a provider swap.
 *
 * <pre>{@code
 * OpenFeatureAPI api = OpenFeatureAPI.getInstance();
 * api.setProviderAndWait(new ContextKitFlagProvider(FlagDefinitionsLoader.fromProperties(props)));
 * boolean on = api.getClient().getBooleanValue("new-checkout", false);
 * }</pre>
 *
 * <p>Contract: evaluations never throw; a missing flag yields the caller's default with reason
 * ERROR and {@link ErrorCode#FLAG_NOT_FOUND}, a type the variant does not have yields {@link
 * ErrorCode#TYPE_MISMATCH}, a targeting rule that cannot be evaluated {@link
 * ErrorCode#PARSE_ERROR}, a variant name that is not a variant {@link ErrorCode#GENERAL} (as flagd
 * answers; such errors come before the type check); reasons are STATIC (no targeting),
 * TARGETING_MATCH (targeting chose the variant, {@code fractional} included), DEFAULT (targeting
 * yielded nothing) and DISABLED. Definitions are swapped atomically by {@link #replace} or {@link
 * #reload}, which emit {@code PROVIDER_CONFIGURATION_CHANGED} with the changed flag keys; a failed
 * reload keeps the previous definitions and is reported by {@link #lastReloadError()}. The problems
 * of definitions ({@link FlagDefinitions#problems()}) are logged once, at WARN, one line per flag,
 * when definitions with them are first served. Thread-safe.
 */
public final class ContextKitFlagProvider extends EventProvider {

  /** The provider name reported in metadata and telemetry. */
  public static final String NAME = "contextkit";

  private static final Logger LOG = LoggerFactory.getLogger(ContextKitFlagProvider.class);
  private static final Metadata METADATA = () -> NAME;

  private final Clock clock;
  private final Object reloadLock = new Object();
  private volatile Snapshot snapshot;
  private volatile @Nullable ReloadError lastReloadError;

  /** A provider serving {@code definitions}. */
  public ContextKitFlagProvider(FlagDefinitions definitions) {
    this(definitions, Clock.systemUTC());
  }

  ContextKitFlagProvider(FlagDefinitions definitions, Clock clock) {
    this.snapshot = new Snapshot(Objects.requireNonNull(definitions, "definitions"));
    this.clock = clock;
    logProblems(FlagDefinitions.empty(), definitions);
  }

  @Override
  public Metadata getMetadata() {
    return METADATA;
  }

  /** The definitions currently served. */
  public FlagDefinitions definitions() {
    return snapshot.definitions;
  }

  /**
   * Serves {@code next} from now on and emits {@code PROVIDER_CONFIGURATION_CHANGED} with the keys
   * of the flags that were added, removed or changed (no event when none did). Clears {@link
   * #lastReloadError()}.
   *
   * @return the changed flag keys, sorted
   */
  public List<String> replace(FlagDefinitions next) {
    Objects.requireNonNull(next, "next");
    List<String> changed;
    synchronized (reloadLock) {
      FlagDefinitions previous = snapshot.definitions;
      changed = next.changedSince(previous);
      snapshot = new Snapshot(next);
      lastReloadError = null;
      logProblems(previous, next);
    }
    if (!changed.isEmpty()) {
      emitProviderConfigurationChanged(
          ProviderEventDetails.builder()
              .flagsChanged(changed)
              .message("flag definitions reloaded")
              .build());
    }
    return changed;
  }

  /**
   * Loads definitions with {@code loader} and serves them, as {@link #replace}. Never throws: when
   * loading fails the previous definitions stay in service and the failure is kept in {@link
   * #lastReloadError()} (and logged).
   *
   * @return {@code true} when the new definitions are in service
   */
  public boolean reload(Supplier<FlagDefinitions> loader) {
    FlagDefinitions next;
    try {
      next = loader.get();
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      lastReloadError = new ReloadError(message, clock.instant());
      LOG.warn(
          "Flag definitions not reloaded, keeping the previous ones: {}",
          LogText.escape(message, 1000));
      return false;
    }
    if (next == null) {
      lastReloadError = new ReloadError("the loader returned no definitions", clock.instant());
      return false;
    }
    replace(next);
    return true;
  }

  /**
   * Logs the problems of {@code next} that {@code previous} did not have: one line per flag, so a
   * reload repeats nothing that was already said. Keys and messages come from the definitions and
   * are escaped.
   */
  private static void logProblems(FlagDefinitions previous, FlagDefinitions next) {
    if (next.problems().isEmpty() || !LOG.isWarnEnabled()) {
      return;
    }
    List<FlagProblem> documentProblems = documentProblems(next);
    if (!documentProblems.isEmpty() && !documentProblems.equals(documentProblems(previous))) {
      LOG.warn(
          "Feature-flag definitions loaded with {}: {}",
          count(documentProblems.size()),
          describe(documentProblems));
    }
    for (FlagDefinition definition : next.definitions().values()) {
      List<FlagProblem> problems = definition.problems();
      if (problems.isEmpty()) {
        continue;
      }
      FlagDefinition before = previous.definition(definition.key());
      if (before != null && before.problems().equals(problems)) {
        continue;
      }
      LOG.warn(
          "Feature flag {} loaded with {}{}: {}",
          LogText.quote(definition.key(), 200),
          count(problems.size()),
          definition.invalid()
              ? " (its evaluations that hit them answer the caller's default with reason ERROR)"
              : "",
          describe(problems));
    }
  }

  private static List<FlagProblem> documentProblems(FlagDefinitions definitions) {
    List<FlagProblem> out = new ArrayList<>();
    for (FlagProblem problem : definitions.problems()) {
      if (problem.flagKey() == null) {
        out.add(problem);
      }
    }
    return out;
  }

  private static String count(int n) {
    return n == 1 ? "1 problem" : n + " problems";
  }

  private static String describe(List<FlagProblem> problems) {
    StringBuilder sb = new StringBuilder();
    for (FlagProblem problem : problems) {
      if (sb.length() > 0) {
        sb.append(" | ");
      }
      sb.append(problem.severity()).append(' ').append(LogText.escape(problem.message(), 500));
    }
    return sb.toString();
  }

  /** The last failed reload since the last successful one, or {@code null}. */
  public @Nullable ReloadError lastReloadError() {
    return lastReloadError;
  }

  @Override
  public ProviderEvaluation<Boolean> getBooleanEvaluation(
      String key, Boolean defaultValue, EvaluationContext ctx) {
    Snapshot s = snapshot;
    FlagResolution r = s.definitions.evaluate(key, OpenFeatureFlagContext.of(ctx));
    if (r.errorCode() == null && r.type() != null && r.type() != FlagType.BOOLEAN) {
      return mismatch(defaultValue, r, "boolean", s, key);
    }
    return result(
        r.usesCallerDefault() ? defaultValue : (Boolean) r.value(), r, defaultValue, s, key);
  }

  @Override
  public ProviderEvaluation<String> getStringEvaluation(
      String key, String defaultValue, EvaluationContext ctx) {
    Snapshot s = snapshot;
    FlagResolution r = s.definitions.evaluate(key, OpenFeatureFlagContext.of(ctx));
    if (r.errorCode() == null && r.type() != null && r.type() != FlagType.STRING) {
      return mismatch(defaultValue, r, "string", s, key);
    }
    return result(
        r.usesCallerDefault() ? defaultValue : (String) r.value(), r, defaultValue, s, key);
  }

  @Override
  public ProviderEvaluation<Integer> getIntegerEvaluation(
      String key, Integer defaultValue, EvaluationContext ctx) {
    Snapshot s = snapshot;
    FlagResolution r = s.definitions.evaluate(key, OpenFeatureFlagContext.of(ctx));
    if (r.errorCode() == null && r.type() != null && r.type() != FlagType.NUMBER) {
      return mismatch(defaultValue, r, "integer", s, key);
    }
    if (r.usesCallerDefault()) {
      return result(defaultValue, r, defaultValue, s, key);
    }
    long v = integral((Number) Objects.requireNonNull(r.value()));
    if (v == Long.MIN_VALUE || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      return mismatch(defaultValue, r, "integer", s, key);
    }
    return result((int) v, r, defaultValue, s, key);
  }

  @Override
  public ProviderEvaluation<Long> getLongEvaluation(
      String key, Long defaultValue, EvaluationContext ctx) {
    Snapshot s = snapshot;
    FlagResolution r = s.definitions.evaluate(key, OpenFeatureFlagContext.of(ctx));
    if (r.errorCode() == null && r.type() != null && r.type() != FlagType.NUMBER) {
      return mismatch(defaultValue, r, "long", s, key);
    }
    if (r.usesCallerDefault()) {
      return result(defaultValue, r, defaultValue, s, key);
    }
    long v = integral((Number) Objects.requireNonNull(r.value()));
    if (v == Long.MIN_VALUE) {
      return mismatch(defaultValue, r, "long", s, key);
    }
    return result(v, r, defaultValue, s, key);
  }

  @Override
  public ProviderEvaluation<Double> getDoubleEvaluation(
      String key, Double defaultValue, EvaluationContext ctx) {
    Snapshot s = snapshot;
    FlagResolution r = s.definitions.evaluate(key, OpenFeatureFlagContext.of(ctx));
    if (r.errorCode() == null && r.type() != null && r.type() != FlagType.NUMBER) {
      return mismatch(defaultValue, r, "double", s, key);
    }
    Double value =
        r.usesCallerDefault()
            ? defaultValue
            : ((Number) Objects.requireNonNull(r.value())).doubleValue();
    return result(value, r, defaultValue, s, key);
  }

  @Override
  public ProviderEvaluation<Value> getObjectEvaluation(
      String key, Value defaultValue, EvaluationContext ctx) {
    Snapshot s = snapshot;
    FlagResolution r = s.definitions.evaluate(key, OpenFeatureFlagContext.of(ctx));
    Value value = r.usesCallerDefault() ? defaultValue : s.objectValue(r);
    return result(value, r, defaultValue, s, key);
  }

  /** The integral value of a number variant, or {@code Long.MIN_VALUE} when it has a fraction. */
  private static long integral(Number n) {
    if (n instanceof Long || n instanceof Integer) {
      return n.longValue();
    }
    double d = n.doubleValue();
    // Lossless only: 10.0 may be read as 10, 0.5 may not.
    if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
      return (long) d;
    }
    return Long.MIN_VALUE;
  }

  private static <T> ProviderEvaluation<T> result(
      @Nullable T value, FlagResolution r, T defaultValue, Snapshot s, String key) {
    ErrorCode error = r.errorCode();
    if (error != null) {
      return ProviderEvaluation.<T>builder()
          .value(defaultValue)
          .reason(Reason.ERROR.name())
          .errorCode(error)
          .errorMessage(r.errorMessage())
          .flagMetadata(s.metadata(key))
          .build();
    }
    return ProviderEvaluation.<T>builder()
        .value(value)
        .variant(r.variant())
        .reason(r.reason())
        .flagMetadata(s.metadata(key))
        .build();
  }

  private static <T> ProviderEvaluation<T> mismatch(
      T defaultValue, FlagResolution r, String requested, Snapshot s, String key) {
    return ProviderEvaluation.<T>builder()
        .value(defaultValue)
        .reason(Reason.ERROR.name())
        .errorCode(ErrorCode.TYPE_MISMATCH)
        .errorMessage("flag \"" + key + "\" is of type " + r.type() + ", requested as " + requested)
        .flagMetadata(s.metadata(key))
        .build();
  }

  /** Definitions plus what the OpenFeature side derives from them, swapped as one. */
  private static final class Snapshot {
    final FlagDefinitions definitions;
    private final Map<String, ImmutableMetadata> metadata = new HashMap<>();
    private final Map<FlagResolution, Value> objectValues = new ConcurrentHashMap<>();

    Snapshot(FlagDefinitions definitions) {
      this.definitions = definitions;
      for (FlagDefinition d : definitions.definitions().values()) {
        metadata.put(d.key(), toMetadata(d.metadata()));
      }
    }

    ImmutableMetadata metadata(String key) {
      ImmutableMetadata m = metadata.get(key);
      return m == null ? ImmutableMetadata.EMPTY : m;
    }

    Value objectValue(FlagResolution r) {
      // Resolutions are shared per variant, so each variant's Value is built once.
      return objectValues.computeIfAbsent(r, k -> toValue(k.value()));
    }

    private static ImmutableMetadata toMetadata(Map<String, Object> map) {
      if (map.isEmpty()) {
        return ImmutableMetadata.EMPTY;
      }
      ImmutableMetadata.ImmutableMetadataBuilder b = ImmutableMetadata.builder();
      for (Map.Entry<String, Object> e : map.entrySet()) {
        Object v = e.getValue();
        if (v instanceof String) {
          b.addString(e.getKey(), (String) v);
        } else if (v instanceof Boolean) {
          b.addBoolean(e.getKey(), (Boolean) v);
        } else if (v instanceof Long) {
          long l = (Long) v;
          if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            b.addInteger(e.getKey(), (int) l);
          } else {
            b.addLong(e.getKey(), l);
          }
        } else if (v instanceof Number) {
          b.addDouble(e.getKey(), ((Number) v).doubleValue());
        }
      }
      return b.build();
    }
  }

  static Value toValue(@Nullable Object v) {
    if (v == null) {
      return new Value();
    }
    if (v instanceof String) {
      return new Value((String) v);
    }
    if (v instanceof Boolean) {
      return new Value((Boolean) v);
    }
    if (v instanceof Long) {
      long l = (Long) v;
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? new Value((int) l) : new Value(l);
    }
    if (v instanceof Number) {
      return new Value(((Number) v).doubleValue());
    }
    if (v instanceof Map) {
      Map<String, Value> fields = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        fields.put(String.valueOf(e.getKey()), toValue(e.getValue()));
      }
      return new Value(new ImmutableStructure(fields));
    }
    if (v instanceof List) {
      List<Value> items = new ArrayList<>();
      for (Object o : (List<?>) v) {
        items.add(toValue(o));
      }
      return new Value(items);
    }
    return new Value(v.toString());
  }
}
