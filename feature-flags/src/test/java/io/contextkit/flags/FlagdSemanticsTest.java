package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * flagd targeting semantics on flagd-format definitions: the expected values are the flagd
 * test-harness (evaluator suite) vectors, fractional at v2.
 */
class FlagdSemanticsTest {

  private static FlagDefinitions flags;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        FlagdSemanticsTest.class.getResourceAsStream("/flagd-semantics.flagd.json")) {
      flags = FlagDefinitionsLoader.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static FlagContext ctx(String targetingKey, Object... keyValues) {
    Map<String, Object> attributes = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      attributes.put((String) keyValues[i], keyValues[i + 1]);
    }
    return FlagContext.of(targetingKey, attributes);
  }

  private static FlagContext user(String name) {
    return ctx(null, "user", Map.of("name", name));
  }

  @ParameterizedTest
  @CsvSource({"jack, hearts", "queen, spades", "ten, clubs", "nine, diamonds", "3, clubs"})
  void bucketsFractionalByNestedPropertyLikeFlagdV2(String name, String expected) {
    FlagResolution r = flags.evaluate("fractional-flag", user(name));
    assertThat(r.value()).isEqualTo(expected);
    // flagd reports a fractional bucket as a targeting match (there is no SPLIT in flagd).
    assertThat(r.reason()).isEqualTo("TARGETING_MATCH");
  }

  @ParameterizedTest
  @CsvSource({"jon@company.com, heads", "jane@company.com, tails"})
  void bucketsTheShorthandByFlagKeyAndTargetingKey(String targetingKey, String expected) {
    assertThat(flags.evaluate("fractional-flag-shorthand", ctx(targetingKey)).value())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "seven, hearts, ace-of-hearts",
    "eight, diamonds, ace-of-diamonds",
    "nine, clubs, ace-of-clubs",
    "two, spades, ace-of-spades"
  })
  void putsAUserInTheSameBucketOfTwoFlagsSharingASeed(String name, String a, String b) {
    assertThat(flags.evaluate("fractional-flag-A-shared-seed", user(name)).value()).isEqualTo(a);
    assertThat(flags.evaluate("fractional-flag-B-shared-seed", user(name)).value()).isEqualTo(b);
  }

  @ParameterizedTest
  @CsvSource({"ejOoVL, lower", "bY9fO-, lower", "SI7p-, lower", "6LvT0, upper", "ceQdGm, upper"})
  void placesTheHashEdgeKeysOnTheRightSideOfTheSplit(String key, String expected) {
    assertThat(flags.evaluate("fractional-hash-edge-flag", ctx(key)).value()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "jon@company.com, premium, premium",
    "jon@company.com, basic, standard",
    "user1, premium, standard",
    "user1, basic, standard"
  })
  void evaluatesAnIfExpressionAsABucketVariant(String key, String tier, String expected) {
    assertThat(flags.evaluate("fractional-nested-if-flag", ctx(key, "tier", tier)).value())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"jon@company.com, red, red", "jon@company.com, green, green", "user1, red, blue"})
  void evaluatesAVarAsABucketVariant(String key, String color, String expected) {
    assertThat(flags.evaluate("fractional-nested-var-flag", ctx(key, "color", color)).value())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"jon@company.com, yellow", "jon@company.com, ''"})
  void reportsAnErrorWhenABucketNamesNoVariant(String key, String color) {
    FlagResolution r = flags.evaluate("fractional-nested-var-flag", ctx(key, "color", color));
    assertThat(r.errorCode()).isEqualTo(ErrorCode.GENERAL);
    assertThat(r.usesCallerDefault()).isTrue();
    assertThat(r.errorMessage()).contains("\"" + color + "\"");
  }

  @ParameterizedTest
  @CsvSource({
    "jon@company.com, premium, red",
    "jon@company.com, basic, blue",
    "user1, premium, red",
    "user1, basic, blue"
  })
  void evaluatesExpressionsAsBucketWeights(String key, String tier, String expected) {
    assertThat(flags.evaluate("fractional-nested-weight-flag", ctx(key, "tier", tier)).value())
        .isEqualTo(expected);
  }

  @Test
  void usesFractionalAsACondition() {
    FlagResolution r = flags.evaluate("fractional-as-condition-flag", ctx("some-targeting-key"));
    assertThat(r.value()).isEqualTo("hundreds");
    assertThat(r.reason()).isEqualTo("TARGETING_MATCH");
  }

  @Test
  void fallsBackToTheDefaultVariantWhenTheBucketKeyIsMissing() {
    FlagResolution r = flags.evaluate("fractional-null-bucket-key-flag", ctx("someone"));
    assertThat(r.value()).isEqualTo("fallback");
    assertThat(r.reason()).isEqualTo("DEFAULT");
    assertThat(flags.evaluate("fractional-flag-shorthand", FlagContext.empty()).reason())
        .isEqualTo("DEFAULT");
  }

  @ParameterizedTest
  @CsvSource({"abcdef, prefix", "uvwxyz, postfix", "abcxyz, prefix", "lmnopq, none"})
  void matchesPrefixesAndSuffixes(String id, String expected) {
    assertThat(flags.evaluate("starts-ends-flag", ctx(null, "id", id)).value()).isEqualTo(expected);
  }

  @Test
  void treatsANonStringAsNeitherPrefixNorSuffix() {
    assertThat(flags.evaluate("starts-ends-flag", ctx(null, "id", 12345)).value())
        .isEqualTo("none");
  }

  @ParameterizedTest
  @CsvSource({
    "2.0.0, equal",
    "2.1.0, greater",
    "1.9.0, lesser",
    "2.0.0-alpha, lesser",
    "2.0.0.0, none",
    "not-a-version, none"
  })
  void comparesSemanticVersions(String version, String expected) {
    assertThat(flags.evaluate("version-flag", ctx(null, "version", version)).value())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"3.0.1, minor", "3.1.0, major", "4.0.0, none"})
  void matchesTildeAndCaretRanges(String version, String expected) {
    assertThat(flags.evaluate("range-version-flag", ctx(null, "version", version)).value())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.0.0, match",
    "v1.0.0, match",
    "1.0.0+other, match",
    "5.2, match",
    "2.0.0, no-match"
  })
  void acceptsVPrefixesPartialVersionsAndIgnoresBuildMetadata(String version, String expected) {
    assertThat(flags.evaluate("semver-edge-flag", ctx(null, "version", version)).value())
        .isEqualTo(expected);
  }

  @Test
  void resolvesNestedEvaluatorReferences() {
    assertThat(flags.evaluate("email-flag", ctx(null, "email", "ballmer@macrosoft.com")).value())
        .isEqualTo("hi");
    assertThat(flags.evaluate("email-flag", ctx(null, "email", "x@y.z", "tester", true)).value())
        .isEqualTo("hi");
    FlagResolution other = flags.evaluate("email-flag", ctx(null, "email", "x@y.z"));
    assertThat(other.value()).isEqualTo("bye");
    assertThat(other.reason()).isEqualTo("TARGETING_MATCH");
    assertThat(flags.definition("email-flag").targeting().toString())
        .doesNotContain("$ref")
        .contains("ballmer@macrosoft.com");
  }

  @Test
  void targetsTheTargetingKey() {
    FlagResolution hit = flags.evaluate("targeting-key-flag", ctx("5c3d8535"));
    assertThat(hit.value()).isEqualTo("hit");
    assertThat(hit.reason()).isEqualTo("TARGETING_MATCH");
    FlagResolution miss = flags.evaluate("targeting-key-flag", ctx("someone-else"));
    assertThat(miss.value()).isEqualTo("miss");
    assertThat(miss.reason()).isEqualTo("DEFAULT");
  }

  @Test
  void leavesTheCallerDefaultWhenThereIsNoDefaultVariant() {
    FlagResolution special =
        flags.evaluate("no-default-flag", ctx(null, "email", "jobs@orange.com"));
    assertThat(special.value()).isEqualTo("CEO");
    FlagResolution none = flags.evaluate("no-default-flag", ctx(null, "email", "w@orange.com"));
    assertThat(none.usesCallerDefault()).isTrue();
    assertThat(none.variant()).isNull();
    assertThat(none.reason()).isEqualTo("DEFAULT");
  }

  @Test
  void combinesMembershipNegationComparisonsAndInequality() {
    assertThat(
            flags
                .evaluate(
                    "tier-flag",
                    ctx("u", "license", "PRO", "seats", 12, "request_type", "STANDARD"))
                .value())
        .isEqualTo(true);
    assertThat(
            flags
                .evaluate(
                    "tier-flag", ctx("u", "license", "PRO", "seats", 12, "request_type", "TRACE"))
                .value())
        .isEqualTo(false);
    assertThat(
            flags
                .evaluate("tier-flag", ctx("u", "license", "PRO", "seats", 12, "blocked", true))
                .value())
        .isEqualTo(false);
    assertThat(flags.evaluate("tier-flag", ctx("u", "license", "FREE", "seats", 12)).value())
        .isEqualTo(false);
    // The three-argument "between" form: 1 < seats < 5.
    assertThat(flags.evaluate("tier-flag", ctx("u", "license", "FREE", "seats", 3)).value())
        .isEqualTo(true);
    assertThat(flags.evaluate("tier-flag", ctx("u", "license", "FREE", "seats", 5)).value())
        .isEqualTo(false);
  }

  @Test
  void mapsBooleanTargetingResultsToTheTrueAndFalseVariants() {
    assertThat(
            flags.evaluate("boolean-shorthand-flag", ctx(null, "email", "a@example.com")).value())
        .isEqualTo("yes");
    assertThat(flags.evaluate("boolean-shorthand-flag", ctx(null, "email", "a@other.org")).value())
        .isEqualTo("no");
  }

  @Test
  void reportsStaticDisabledAndNotFound() {
    FlagResolution st = flags.evaluate("static-flag", FlagContext.empty());
    assertThat(st.reason()).isEqualTo("STATIC");
    assertThat(st.variant()).isEqualTo("on");
    FlagResolution disabled = flags.evaluate("disabled-flag", FlagContext.empty());
    assertThat(disabled.reason()).isEqualTo("DISABLED");
    assertThat(disabled.usesCallerDefault()).isTrue();
    FlagResolution missing = flags.evaluate("no-such-flag", FlagContext.empty());
    assertThat(missing.errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
  }

  @Test
  void returnsTheSamePreparedResolutionOnEveryEvaluation() {
    FlagContext c = user("jack");
    assertThat(flags.evaluate("fractional-flag", c)).isSameAs(flags.evaluate("fractional-flag", c));
  }

  @Test
  void mergesFlagMetadataOverFlagSetMetadata() {
    assertThat(flags.definition("static-flag").metadata())
        .containsEntry("flagSetId", "semantics")
        .containsEntry("owner", "payments")
        .containsEntry("version", "8");
    assertThat(flags.definition("disabled-flag").metadata()).containsEntry("version", "7");
  }
}
