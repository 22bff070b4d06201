package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
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
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: the same flagd document evaluated by our provider and by the flagd provider's
 * in-process evaluator (0.11.15, file mode) over generated contexts must give identical values,
 * variants and reasons.
 *
 * <p>{@code fractional} is not part of this comparison: the flagd Java provider on Maven Central
 * (0.11.15) still implements the legacy v1 bucketing (float percentage of {@code |hash|}), while we
 * implement v2 as flagd does today; v2 is pinned by the test-harness vectors in {@link
 * FlagdSemanticsTest}.
 */
class FlagdDifferentialTest {

  static final int CONTEXTS = 5_000;

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

  @BeforeAll
  static void start() throws IOException {
    String json;
    try (InputStream in =
        FlagdDifferentialTest.class.getResourceAsStream("/differential.flagd.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = Files.writeString(dir.resolve("flags.json"), json);
    oursApi = OpenFeatureAPI.createIsolated();
    oursApi.setProviderAndWait(new ContextKitFlagProvider(FlagDefinitionsLoader.fromJson(json)));
    flagdApi = OpenFeatureAPI.createIsolated();
    flagdApi.setProviderAndWait(
        new FlagdProvider(
            FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(file.toString())
                // The default 1 s is too tight on a busy build machine.
                .deadline(30_000)
                .build()));
  }

  @AfterAll
  static void stop() {
    oursApi.shutdown();
    flagdApi.shutdown();
  }

  @Test
  void agreesWithFlagdOnEveryGeneratedContext() {
    Client ours = oursApi.getClient();
    Client flagd = flagdApi.getClient();
    Random random = new Random(20261126L);
    List<String> disagreements = new ArrayList<>();
    Map<String, Map<String, Integer>> variantsSeen = new HashMap<>();
    int comparisons = 0;
    for (int i = 0; i < CONTEXTS; i++) {
      EvaluationContext ctx = generate(random);
      for (String flag : FLAGS) {
        FlagEvaluationDetails<String> a = ours.getStringDetails(flag, "code-default", ctx);
        FlagEvaluationDetails<String> b = flagd.getStringDetails(flag, "code-default", ctx);
        comparisons++;
        boolean same =
            a.getValue().equals(b.getValue())
                && String.valueOf(a.getVariant()).equals(String.valueOf(b.getVariant()))
                && a.getReason().equals(b.getReason())
                && a.getErrorCode() == null
                && b.getErrorCode() == null;
        if (!same && disagreements.size() < 20) {
          disagreements.add(
              flag
                  + " "
                  + ctx.asObjectMap()
                  + " tk="
                  + ctx.getTargetingKey()
                  + ": ours="
                  + a.getValue()
                  + "/"
                  + a.getVariant()
                  + "/"
                  + a.getReason()
                  + "/"
                  + a.getErrorCode()
                  + " flagd="
                  + b.getValue()
                  + "/"
                  + b.getVariant()
                  + "/"
                  + b.getReason()
                  + "/"
                  + b.getErrorCode()
                  + " "
                  + b.getErrorMessage());
        }
        variantsSeen
            .computeIfAbsent(flag, k -> new HashMap<>())
            .merge(a.getVariant() + "/" + a.getReason(), 1, Integer::sum);
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(comparisons).isEqualTo(CONTEXTS * FLAGS.length);
    // The generator must exercise every branch, or agreement would prove little.
    assertThat(variantsSeen.get("version-gate"))
        .containsKeys(
            "eq/TARGETING_MATCH",
            "tilde/TARGETING_MATCH",
            "caret/TARGETING_MATCH",
            "ge/TARGETING_MATCH",
            "lt/TARGETING_MATCH",
            "le/TARGETING_MATCH",
            "gt/TARGETING_MATCH",
            "ne/TARGETING_MATCH",
            "none/DEFAULT");
    assertThat(variantsSeen.get("seats-tiers"))
        .containsKeys(
            "small/TARGETING_MATCH",
            "medium/TARGETING_MATCH",
            "large/TARGETING_MATCH",
            "none/DEFAULT");
    assertThat(variantsSeen.get("prefix-and-key"))
        .containsKeys(
            "internal/TARGETING_MATCH",
            "vip/TARGETING_MATCH",
            "other/TARGETING_MATCH",
            "other/DEFAULT");
    assertThat(variantsSeen.get("licence-gate")).containsKeys("on/TARGETING_MATCH", "off/DEFAULT");
    assertThat(variantsSeen.get("tester-or-domain"))
        .containsKeys("yes/TARGETING_MATCH", "no/TARGETING_MATCH");
    assertThat(variantsSeen.get("nested-user"))
        .containsKeys("staff/TARGETING_MATCH", "guest/DEFAULT");
    assertThat(variantsSeen.get("boolean-result"))
        .containsKeys("true/TARGETING_MATCH", "false/TARGETING_MATCH");
    assertThat(variantsSeen.get("if-chain-defaults"))
        .containsKeys("red/TARGETING_MATCH", "green/TARGETING_MATCH", "blue/DEFAULT");
    assertThat(variantsSeen.get("static")).containsOnlyKeys("b/STATIC");
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
