package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.contextkit.flags.FlagProblem.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file that flagd loads loads in ContextKit too, flag by flag, and each flag evaluates as flagd
 * evaluates it — invalid ones included ({@code invalid-flags.flagd.json}, which {@link
 * FlagdDifferentialTest} also runs against the flagd provider).
 */
class FlagdCompatibilityTest {

  private static FlagDefinitions flags;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        FlagdCompatibilityTest.class.getResourceAsStream("/invalid-flags.flagd.json")) {
      flags = FlagDefinitionsLoader.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static FlagContext ctx(Object... keyValues) {
    Map<String, Object> attributes = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      attributes.put((String) keyValues[i], keyValues[i + 1]);
    }
    return FlagContext.of("user-1", attributes);
  }

  private static FlagResolution evaluate(String flag, Object... keyValues) {
    return flags.evaluate(flag, ctx(keyValues));
  }

  private static void assertError(FlagResolution r, ErrorCode code) {
    assertThat(r.reason()).isEqualTo("ERROR");
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.usesCallerDefault()).isTrue();
    assertThat(r.variant()).isNull();
    assertThat(r.errorMessage()).isNotBlank();
  }

  private static void assertServes(FlagResolution r, String variant, String reason) {
    assertThat(r.errorCode()).isNull();
    assertThat(r.variant()).isEqualTo(variant);
    assertThat(r.reason()).isEqualTo(reason);
  }

  @Test
  void loadsEveryFlagOfTheFileOnItsOwn() {
    assertThat(flags.definitions()).hasSize(46).containsKey("valid");
    assertServes(evaluate("valid"), "silver", "STATIC");
    assertThat(flags.definition("valid").problems()).isEmpty();
    assertThat(flags.definition("unknown-operator").invalid()).isTrue();
    assertThat(flags.definition("sem-ver-against-no-version").invalid()).isFalse();
    assertThat(flags.definition("sem-ver-against-no-version").problems())
        .extracting(FlagProblem::severity)
        .containsOnly(Severity.WARNING);
  }

  @Test
  void answersParseErrorForAnUnknownOperator() {
    FlagResolution r = evaluate("unknown-operator", "email", "ann@contextkit.io");
    assertError(r, ErrorCode.PARSE_ERROR);
    assertThat(r.errorMessage()).contains("unknown-operator").contains("\"regex\"");
    assertThat(flags.definition("unknown-operator").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(Severity.ERROR))
        .satisfies(p -> assertThat(p.message()).contains("unsupported operator \"regex\""));
  }

  @Test
  void answersParseErrorOnlyWhenAnEvaluationReachesTheUnknownOperator() {
    assertError(evaluate("unknown-operator-in-a-branch", "license", "PRO"), ErrorCode.PARSE_ERROR);
    assertServes(
        evaluate("unknown-operator-in-a-branch", "license", "FREE"), "gold", "TARGETING_MATCH");
    assertServes(
        evaluate("unknown-operator-in-a-branch", "license", "BASIC"), "silver", "TARGETING_MATCH");
    // "and" stops at its first falsy argument, "or" at its first truthy one.
    assertServes(
        evaluate("unknown-operator-after-and", "tester", false), "silver", "TARGETING_MATCH");
    assertError(evaluate("unknown-operator-after-and", "tester", true), ErrorCode.PARSE_ERROR);
    assertServes(evaluate("unknown-operator-after-or", "tester", true), "gold", "TARGETING_MATCH");
    assertError(evaluate("unknown-operator-after-or", "tester", false), ErrorCode.PARSE_ERROR);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unknown-operator-in-an-evaluator",
        "ref-to-no-evaluator",
        "equals-with-one-argument",
        "and-without-arguments",
        "rule-object-with-two-keys"
      })
  void answersParseErrorForARuleJsonLogicCannotEvaluate(String flag) {
    assertError(evaluate(flag, "license", "PRO", "email", "a@b.c"), ErrorCode.PARSE_ERROR);
    assertThat(flags.definition(flag).invalid()).isTrue();
  }

  @Test
  void answersGeneralWhenTargetingYieldsANameThatIsNotAVariant() {
    FlagResolution r = evaluate("unknown-variant", "license", "PRO");
    assertError(r, ErrorCode.GENERAL);
    assertThat(r.errorMessage()).contains("\"platinum\"");
    assertServes(evaluate("unknown-variant", "license", "FREE"), "silver", "TARGETING_MATCH");
    assertError(evaluate("unknown-variant-from-the-context", "color", "lime"), ErrorCode.GENERAL);
    assertServes(
        evaluate("unknown-variant-from-the-context", "color", "red"), "red", "TARGETING_MATCH");
    assertError(evaluate("fractional-of-an-unknown-variant"), ErrorCode.GENERAL);
  }

  @Test
  void fallsBackToTheDefaultVariantWhenTargetingYieldsNull() {
    assertServes(evaluate("null-result", "tester", false), "silver", "DEFAULT");
    assertServes(evaluate("unknown-variant-from-the-context"), "blue", "DEFAULT");
    assertServes(evaluate("null-result", "tester", true), "gold", "TARGETING_MATCH");
  }

  @Test
  void namesTheVariantOfABooleanOrNumberAsFlagdsJavaEvaluatorDoes() {
    assertServes(evaluate("boolean-result", "license", "PRO"), "true", "TARGETING_MATCH");
    assertServes(evaluate("boolean-result", "license", "FREE"), "false", "TARGETING_MATCH");
    // JsonLogic numbers are doubles there: 1 names "1.0", never "1".
    assertServes(evaluate("number-result", "tester", true), "1.0", "TARGETING_MATCH");
    assertServes(evaluate("number-result", "tester", false), "2.5", "TARGETING_MATCH");
    assertServes(evaluate("number-from-the-context", "seats", 5), "5.0", "TARGETING_MATCH");
    assertServes(evaluate("number-from-the-context", "seats", 5.0), "5.0", "TARGETING_MATCH");
    FlagResolution ten = evaluate("number-from-the-context", "seats", 10);
    assertError(ten, ErrorCode.GENERAL);
    assertThat(ten.errorMessage()).contains("10 (variant \"10.0\")");
  }

  @ParameterizedTest
  @CsvSource({
    "sem-ver-against-no-version, 3.0.0, old, TARGETING_MATCH",
    "sem-ver-against-no-version, 1.0.0, old, TARGETING_MATCH",
    "sem-ver-with-an-unknown-operator, 1.0.0, old, TARGETING_MATCH",
    "sem-ver-alone-against-no-version, 1.0.0, false, DEFAULT",
    "sem-ver-with-two-arguments, 1.0.0, false, DEFAULT"
  })
  void treatsSemVerWithAnOperandThatIsNotAVersionAsNoMatch(
      String flag, String version, String variant, String reason) {
    assertServes(evaluate(flag, "app", Map.of("version", version)), variant, reason);
    assertThat(flags.definition(flag).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(Severity.WARNING));
  }

  @Test
  void treatsStartsWithAndEndsWithOfSomethingThatIsNotAStringAsNoMatch() {
    // No answer rather than false: a rule made only of the operator falls back to the default.
    assertServes(evaluate("starts-with-a-number", "seats", 123), "none", "DEFAULT");
    assertServes(evaluate("starts-with-a-number"), "none", "DEFAULT");
    assertServes(
        evaluate("ends-with-alone", "email", "ann@contextkit.io"), "true", "TARGETING_MATCH");
    assertServes(
        evaluate("ends-with-alone", "email", "bob@example.com"), "false", "TARGETING_MATCH");
    assertServes(evaluate("ends-with-alone", "email", 7), "none", "DEFAULT");
    assertServes(evaluate("starts-with-one-argument", "email", "a@b.c"), "none", "DEFAULT");
    assertServes(
        evaluate("starts-with-a-number-affix", "email", "1@b.c"), "silver", "TARGETING_MATCH");
  }

  @Test
  void reportsAFractionalBucketAsATargetingMatch() {
    assertServes(evaluate("fractional-of-one-variant"), "gold", "TARGETING_MATCH");
    // Without a targeting key there is nothing to bucket: the default variant.
    assertServes(
        flags.evaluate("fractional-of-one-variant", FlagContext.empty()), "silver", "DEFAULT");
  }

  @Test
  void yieldsNoMatchForAFractionalFlagdCannotUse() {
    assertServes(evaluate("fractional-with-a-bucket-that-is-not-an-array"), "silver", "DEFAULT");
    assertServes(evaluate("fractional-with-a-weight-that-is-text"), "silver", "DEFAULT");
  }

  @Test
  void countsANegativeFractionalWeightAsZeroAsFlagdDoes() {
    FlagDefinitions negative =
        FlagDefinitionsLoader.fromJson(
            "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"one\":1,\"two\":2},"
                + "\"defaultVariant\":\"one\",\"targeting\":{\"fractional\":[[\"one\",-50],"
                + "[\"two\",50]]}}}}");
    for (int i = 0; i < 50; i++) {
      assertServes(
          negative.evaluate("f", FlagContext.of("user-" + i, Map.of())), "two", "TARGETING_MATCH");
    }
    assertThat(negative.definition("f").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("negative weight -50"));
  }

  @Test
  void answersGeneralWhereItFallsBackToADefaultVariantThatIsNotAVariant() {
    assertError(
        evaluate("default-variant-that-is-not-a-variant", "tester", false), ErrorCode.GENERAL);
    assertServes(
        evaluate("default-variant-that-is-not-a-variant", "tester", true),
        "gold",
        "TARGETING_MATCH");
    assertError(
        evaluate("default-variant-that-is-not-a-variant-without-targeting"), ErrorCode.GENERAL);
    assertServes(evaluate("default-variant-that-is-a-number"), "5", "STATIC");
  }

  @Test
  void answersGeneralForAFlagWithoutVariantsOrForAVariantWithoutValue() {
    assertError(evaluate("no-variants", "tester", true), ErrorCode.GENERAL);
    assertError(evaluate("no-variants", "tester", false), ErrorCode.GENERAL);
    assertError(evaluate("empty-variants"), ErrorCode.GENERAL);
    assertError(evaluate("null-variant", "tester", false), ErrorCode.GENERAL);
    assertServes(evaluate("null-variant", "tester", true), "silver", "TARGETING_MATCH");
    assertThat(flags.definition("no-variants").type()).isNull();
  }

  @Test
  void servesAFlagWithoutStateOrWithAMisspeltStateAsEnabledWithAWarning() {
    assertServes(evaluate("no-state"), "gold", "STATIC");
    // Only "DISABLED" disables, as in flagd; the lower-case spelling is served, and reported.
    assertServes(evaluate("misspelt-state"), "gold", "STATIC");
    assertThat(flags.definition("misspelt-state").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(Severity.WARNING))
        .satisfies(p -> assertThat(p.message()).contains("found \"disabled\""));
  }

  @Test
  void ignoresAnUnknownMemberWithAWarning() {
    assertServes(evaluate("unknown-member"), "gold", "STATIC");
    assertThat(flags.definition("unknown-member").problems())
        .extracting(FlagProblem::message)
        .singleElement()
        .asString()
        .contains("unknown member \"owner\"");
  }

  @Test
  void evaluatesATargetingThatIsNotAnObjectAsItsLiteralValue() {
    assertServes(evaluate("targeting-that-is-a-string"), "silver", "TARGETING_MATCH");
    assertError(evaluate("targeting-that-is-an-array"), ErrorCode.GENERAL);
  }

  @Test
  void readsJsonLogicOperatorsWithOtherArgumentCountsAsJsonLogicDoes() {
    assertServes(evaluate("unknown-flagd-property"), "silver", "TARGETING_MATCH");
    assertServes(evaluate("whole-context"), "gold", "TARGETING_MATCH");
    assertServes(evaluate("not-with-two-arguments", "tester", false), "gold", "TARGETING_MATCH");
    assertServes(evaluate("in-with-one-argument", "license", "PRO"), "silver", "TARGETING_MATCH");
    assertServes(evaluate("greater-between", "seats", 50), "gold", "TARGETING_MATCH");
    assertServes(evaluate("greater-between", "seats", 5), "silver", "TARGETING_MATCH");
    assertServes(evaluate("var-with-three-arguments"), "red", "TARGETING_MATCH");
  }

  @Test
  void servesEachVariantOfAFlagWithMixedTypesAsItsOwnType() {
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(new ContextKitFlagProvider(flags));
    Client client = api.getClient();
    try {
      ImmutableContext none = new ImmutableContext("u", Map.of());
      ImmutableContext tester = new ImmutableContext("u", Map.of("tester", new Value(true)));
      assertThat(client.getIntegerValue("mixed-variant-types", 0, none)).isEqualTo(7);
      assertThat(client.getStringDetails("mixed-variant-types", "x", none).getErrorCode())
          .isEqualTo(ErrorCode.TYPE_MISMATCH);
      assertThat(client.getStringValue("mixed-variant-types", "x", tester)).isEqualTo("seven");
      assertThat(client.getIntegerDetails("mixed-variant-types", 0, tester).getErrorCode())
          .isEqualTo(ErrorCode.TYPE_MISMATCH);
      assertThat(flags.definition("mixed-variant-types").type()).isNull();
    } finally {
      api.shutdown();
    }
  }

  @Test
  void answersTheErrorOfAnInvalidRuleBeforeATypeMismatch() {
    OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(new ContextKitFlagProvider(flags));
    try {
      FlagEvaluationDetails<Boolean> d =
          api.getClient()
              .getBooleanDetails(
                  "unknown-variant",
                  true,
                  new ImmutableContext("u", Map.of("license", new Value("PRO"))));
      assertThat(d.getValue()).isTrue();
      assertThat(d.getReason()).isEqualTo("ERROR");
      assertThat(d.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
      assertThat(api.getClient().getBooleanDetails("unknown-operator", true).getErrorCode())
          .isEqualTo(ErrorCode.PARSE_ERROR);
    } finally {
      api.shutdown();
    }
  }

  @Test
  void leavesOutMetadataThatIsNotAScalarWithAWarning() {
    FlagDefinitions withMetadata =
        FlagDefinitionsLoader.fromJson(
            "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
                + "\"defaultVariant\":\"a\",\"metadata\":{\"owner\":\"shop\",\"tags\":[\"x\"]}}},"
                + "\"metadata\":{\"flagSetId\":\"s\",\"nested\":{\"x\":1}}}");
    assertThat(withMetadata.definition("f").metadata()).containsOnlyKeys("flagSetId", "owner");
    assertThat(withMetadata.evaluate("f", FlagContext.empty()).value()).isEqualTo(1L);
    List<FlagProblem> problems = withMetadata.problems();
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0).flagKey()).isNull();
    assertThat(problems.get(0).message()).contains("metadata \"nested\"");
    assertThat(problems.get(1).flagKey()).isEqualTo("f");
    assertThat(problems.get(1).message()).contains("metadata \"tags\"");
  }
}
