package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differential test: the same flagd document evaluated by our provider and by the flagd provider's
 * in-process evaluator (0.11.15, file mode) over generated contexts must give identical values,
 * variants, reasons and error codes: for a valid document, and for a document in which most flags
 * are invalid ({@code invalid-flags.flagd.json}: unknown operators, names that are no variant,
 * operators given data they cannot use, flags without state or variants, …), which both load flag
 * by flag. Documents flagd refuses as a whole are refused by both.
 *
 * <p>Left out on purpose, because flagd itself has moved on from what 0.11.15 does: how {@code
 * fractional} buckets (0.11.15 implements the legacy v1 bucketing, float percentage of {@code
 * |hash|}; we implement v2 as flagd does today, pinned by the test-harness vectors in {@link
 * FlagdSemanticsTest}; only a fractional whose buckets all name one variant is compared here), a
 * disabled flag (0.11.15: {@code FLAG_NOT_FOUND}; flagd now: reason {@code DISABLED}), a flag
 * without default variant (0.11.15: {@code GENERAL}; flagd now: the caller's default with reason
 * {@code DEFAULT}), a non-integral number read as an integer (0.11.15 truncates; we answer {@code
 * TYPE_MISMATCH}, as flagd's numeric-coercion decision proposes), and metadata that is not a
 * string, boolean or number (0.11.15 fails every evaluation of the flag; we leave the entry out, as
 * flagd's daemon passes it on).
 */
class FlagdDifferentialTest {

  static final int CONTEXTS = 5_000;
  static final int INVALID_CONTEXTS = 250;

  /** How long the flagd provider gets to load a document it is expected to refuse. */
  static final int REFUSAL_DEADLINE = 1_000;

  private static final String[] FLAGS = {
    "static",
    "licence-gate",
    "tester-or-domain",
    "seats-tiers",
    "version-gate",
    "prefix-and-key",
    "nested-user",
    "boolean-result",
    "if-chain-defaults"
  };

  @TempDir static Path dir;

  private static OpenFeatureAPI oursApi;
  private static OpenFeatureAPI flagdApi;
  private static FlagDefinitions invalid;
  private static OpenFeatureAPI oursInvalidApi;
  private static OpenFeatureAPI flagdInvalidApi;

  @BeforeAll
  static void start() throws IOException {
    String json = resource("/differential.flagd.json");
    oursApi = ours(json);
    flagdApi = flagd(json, "flags.json", 30_000);
    String invalidJson = resource("/invalid-flags.flagd.json");
    invalid = FlagDefinitionsLoader.fromJson(invalidJson);
    oursInvalidApi = OpenFeatureAPI.createIsolated();
    oursInvalidApi.setProviderAndWait(new ContextKitFlagProvider(invalid));
    flagdInvalidApi = flagd(invalidJson, "invalid-flags.json", 30_000);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = FlagdDifferentialTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static OpenFeatureAPI ours(String json) {
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(new ContextKitFlagProvider(FlagDefinitionsLoader.fromJson(json)));
    return api;
  }

  /** The flagd provider reading {@code json} from a file; throws when it does not get ready. */
  private static OpenFeatureAPI flagd(String json, String fileName, int deadlineMillis)
      throws IOException {
    Path file = Files.writeString(dir.resolve(fileName), json);
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(
        new FlagdProvider(
            FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(file.toString())
                // The default 1 s is too tight on a busy build machine.
                .deadline(deadlineMillis)
                .build()));
    return api;
  }

  @AfterAll
  static void stop() {
    oursApi.shutdown();
    flagdApi.shutdown();
    oursInvalidApi.shutdown();
    flagdInvalidApi.shutdown();
  }

  @Test
  void agreesWithFlagdOnEveryFlagOfAFileWithInvalidFlagsForEveryTypeAndGeneratedContext() {
    Client ours = oursInvalidApi.getClient();
    Client flagd = flagdInvalidApi.getClient();
    Random random = new Random(20260817L);
    List<String> disagreements = new ArrayList<>();
    Map<String, Set<String>> outcomes = new TreeMap<>();
    int comparisons = 0;
    for (int i = 0; i < INVALID_CONTEXTS; i++) {
      EvaluationContext ctx = generate(random);
      for (String flag : invalid.definitions().keySet()) {
        for (Type type : Type.values()) {
          FlagEvaluationDetails<?> a = type.evaluate(ours, flag, ctx);
          FlagEvaluationDetails<?> b = type.evaluate(flagd, flag, ctx);
          comparisons++;
          boolean same =
              Objects.equals(a.getValue(), b.getValue())
                  && Objects.equals(a.getVariant(), b.getVariant())
                  && Objects.equals(a.getReason(), b.getReason())
                  && a.getErrorCode() == b.getErrorCode();
          if (!same && disagreements.size() < 20) {
            disagreements.add(
                flag
                    + " as "
                    + type
                    + " "
                    + ctx.asObjectMap()
                    + " tk="
                    + ctx.getTargetingKey()
                    + ": ours="
                    + outcome(a)
                    + " flagd="
                    + outcome(b)
                    + " "
                    + b.getErrorMessage());
          }
          outcomes
              .computeIfAbsent(flag, k -> new TreeSet<>())
              .add(a.getReason() + (a.getErrorCode() == null ? "" : "/" + a.getErrorCode()));
        }
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(comparisons)
        .isEqualTo(INVALID_CONTEXTS * invalid.definitions().size() * Type.values().length);
    // Every kind of outcome is exercised, and the flags whose errors depend on the context get
    // both an error and a value, or agreement would prove little.
    assertThat(outcomes.values().stream().flatMap(Set::stream))
        .contains(
            "STATIC",
            "TARGETING_MATCH",
            "DEFAULT",
            "ERROR/PARSE_ERROR",
            "ERROR/GENERAL",
            "ERROR/TYPE_MISMATCH");
    assertThat(outcomes.get("unknown-operator-in-a-branch"))
        .contains("ERROR/PARSE_ERROR", "TARGETING_MATCH");
    assertThat(outcomes.get("unknown-operator-after-and"))
        .contains("ERROR/PARSE_ERROR", "TARGETING_MATCH");
    assertThat(outcomes.get("unknown-operator-after-or"))
        .contains("ERROR/PARSE_ERROR", "TARGETING_MATCH");
    assertThat(outcomes.get("unknown-variant")).contains("ERROR/GENERAL", "TARGETING_MATCH");
    assertThat(outcomes.get("unknown-variant-from-the-context"))
        .contains("ERROR/GENERAL", "TARGETING_MATCH", "DEFAULT");
    assertThat(outcomes.get("number-from-the-context"))
        .contains("ERROR/GENERAL", "TARGETING_MATCH", "DEFAULT");
    assertThat(outcomes.get("default-variant-that-is-not-a-variant"))
        .contains("ERROR/GENERAL", "TARGETING_MATCH");
    assertThat(outcomes.get("mixed-variant-types"))
        .contains("DEFAULT", "TARGETING_MATCH", "ERROR/TYPE_MISMATCH");
    assertThat(outcomes.get("fractional-of-one-variant")).contains("TARGETING_MATCH", "DEFAULT");
    assertThat(outcomes.get("ends-with-alone")).contains("TARGETING_MATCH", "DEFAULT");
    assertThat(outcomes.get("sem-ver-against-no-version"))
        .containsOnly("TARGETING_MATCH", "ERROR/TYPE_MISMATCH");
  }

  private static String outcome(FlagEvaluationDetails<?> d) {
    return d.getValue() + "/" + d.getVariant() + "/" + d.getReason() + "/" + d.getErrorCode();
  }

  /** The typed evaluations compared: each typed accessor a flag may be read with. */
  private enum Type {
    STRING {
      @Override
      FlagEvaluationDetails<?> evaluate(Client client, String flag, EvaluationContext ctx) {
        return client.getStringDetails(flag, "code-default", ctx);
      }
    },
    BOOLEAN {
      @Override
      FlagEvaluationDetails<?> evaluate(Client client, String flag, EvaluationContext ctx) {
        return client.getBooleanDetails(flag, false, ctx);
      }
    },
    INTEGER {
      @Override
      FlagEvaluationDetails<?> evaluate(Client client, String flag, EvaluationContext ctx) {
        return client.getIntegerDetails(flag, -1, ctx);
      }
    },
    DOUBLE {
      @Override
      FlagEvaluationDetails<?> evaluate(Client client, String flag, EvaluationContext ctx) {
        return client.getDoubleDetails(flag, -1.5, ctx);
      }
    },
    OBJECT {
      @Override
      FlagEvaluationDetails<?> evaluate(Client client, String flag, EvaluationContext ctx) {
        return client.getObjectDetails(flag, new Value("code-default"), ctx);
      }
    };

    abstract FlagEvaluationDetails<?> evaluate(Client client, String flag, EvaluationContext ctx);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text that is not JSON|{\"flags\": {\"valid\": {\"state\": \"ENABLED\",}}}",
        "no flags|{\"flagz\": {}}",
        "a flag that is not an object|{\"flags\": {\"valid\": {\"state\": \"ENABLED\","
            + " \"variants\": {\"a\": \"a\"}, \"defaultVariant\": \"a\"}, \"bad\": 5}}",
        "variants that are an array|{\"flags\": {\"valid\": {\"state\": \"ENABLED\","
            + " \"variants\": {\"a\": \"a\"}, \"defaultVariant\": \"a\"}, \"bad\": {\"state\":"
            + " \"ENABLED\", \"variants\": [\"a\"], \"defaultVariant\": \"a\"}}}",
      })
  void refusesTheDocumentsFlagdRefusesAsAWhole(String name, String json) throws Exception {
    assertThatThrownBy(() -> FlagDefinitionsLoader.fromJson(json))
        .isInstanceOf(FlagDefinitionException.class);
    Path file = Files.writeString(dir.resolve("refused-" + name.replace(' ', '-') + ".json"), json);
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    try {
      assertThatThrownBy(
              () ->
                  api.setProviderAndWait(
                      new FlagdProvider(
                          FlagdOptions.builder()
                              .resolverType(Config.Resolver.FILE)
                              .offlineFlagSourcePath(file.toString())
                              .deadline(REFUSAL_DEADLINE)
                              .build())))
          .as("flagd's provider got ready with " + name)
          .isNotNull();
      // Not merely slow: well after the deadline, flagd still serves none of the flags.
      Thread.sleep(1_500);
      assertThat(api.getClient().getStringDetails("valid", "x").getErrorCode())
          .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    } finally {
      api.shutdown();
    }
  }

  private static final String[] LICENSES = {"FREE", "PRO", "ENTERPRISE", "pro", ""};
  private static final String[] EMAILS = {
    "ann@contextkit.io", "bob@example.com", "eve@beta.example.org", "x@contextkit.io.evil", "",
  };
  private static final String[] KEYS = {"user-7", "svc-billing", "user-8", "svc", "SVC-x"};
  private static final String[] COLORS = {"red", "green", "lime", "blue", "RED", ""};
  private static final String[] ROLES = {"staff", "guest", "Staff"};

  private static EvaluationContext generate(Random r) {
    Map<String, Value> attrs = new HashMap<>();
    maybe(r, attrs, "license", () -> new Value(pick(r, LICENSES)));
    maybe(r, attrs, "blocked", () -> new Value(r.nextBoolean()));
    maybe(r, attrs, "tester", () -> new Value(r.nextBoolean()));
    maybe(r, attrs, "email", () -> new Value(pick(r, EMAILS)));
    maybe(r, attrs, "seats", () -> new Value(r.nextInt(130) - 5));
    maybe(r, attrs, "request_type", () -> new Value(r.nextBoolean() ? "TRACE" : "STANDARD"));
    maybe(r, attrs, "color", () -> new Value(pick(r, COLORS)));
    if (r.nextInt(4) != 0) {
      attrs.put("app", new Value(new MutableStructure().add("version", version(r))));
    }
    if (r.nextInt(4) != 0) {
      MutableStructure user = new MutableStructure().add("role", pick(r, ROLES));
      if (r.nextBoolean()) {
        user.add("level", r.nextInt(6));
      }
      attrs.put("user", new Value(user));
    }
    String key = r.nextInt(5) == 0 ? null : pick(r, KEYS) + (r.nextBoolean() ? "" : r.nextInt(3));
    return key == null ? new ImmutableContext(attrs) : new ImmutableContext(key, attrs);
  }

  private static String version(Random r) {
    int major = r.nextInt(4);
    int minor = r.nextInt(6);
    int patch = r.nextInt(6);
    String v = major + "." + minor + "." + patch;
    switch (r.nextInt(8)) {
      case 0:
        return v + "-rc." + r.nextInt(3);
      case 1:
        return v + "-alpha";
      case 2:
        return "2.3.4";
      default:
        return v;
    }
  }

  private interface ValueSupplier {
    Value get();
  }

  private static void maybe(Random r, Map<String, Value> attrs, String name, ValueSupplier s) {
    if (r.nextInt(5) != 0) {
      attrs.put(name, s.get());
    }
  }

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }
}
