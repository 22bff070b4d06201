package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openfeature.sdk.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FlagDefinitionsLoaderTest {

  private static final String FILE =
      "{\"flags\":{\"checkout\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"on\",\"metadata\":{\"owner\":\"shop\"}}},"
          + "\"$evaluators\":{\"is-tester\":{\"==\":[{\"var\":\"tester\"},true]}},"
          + "\"metadata\":{\"flagSetId\":\"file-set\"}}";

  private static Map<String, String> props(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void mapsFlatPropertiesOntoTheFlagdModel() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.new-ui.variants.on", "true",
                "contextkit.flags.new-ui.variants.off", "false",
                "contextkit.flags.new-ui.default-variant", "off",
                "contextkit.flags.new-ui.targeting", "{\"if\":[{\"$ref\":\"is-tester\"},\"on\"]}",
                "contextkit.flags.new-ui.metadata.owner", "web",
                "contextkit.flags.evaluators.is-tester", "{\"==\":[{\"var\":\"tester\"},true]}",
                "contextkit.flags.metadata.flagSetId", "props",
                "contextkit.flags.greeting.variants.formal", "Good day",
                "contextkit.flags.greeting.variants.casual", "hi there",
                "contextkit.flags.greeting.defaultVariant", "casual",
                "contextkit.flags.limit.variants.small", "10",
                "contextkit.flags.limit.variants.big", "1000",
                "contextkit.flags.limit.default-variant", "big",
                "unrelated.key", "ignored"));

    FlagDefinition ui = flags.definition("new-ui");
    assertThat(ui.type()).isEqualTo(FlagType.BOOLEAN);
    assertThat(ui.enabled()).isTrue();
    assertThat(ui.metadata()).containsEntry("owner", "web").containsEntry("flagSetId", "props");
    assertThat(flags.evaluate("new-ui", FlagContext.of("u", Map.of("tester", true))).value())
        .isEqualTo(true);
    assertThat(flags.evaluate("new-ui", FlagContext.of("u", Map.of())).value()).isEqualTo(false);
    assertThat(flags.evaluate("greeting", FlagContext.empty()).value()).isEqualTo("hi there");
    assertThat(flags.definition("limit").type()).isEqualTo(FlagType.NUMBER);
    assertThat(flags.evaluate("limit", FlagContext.empty()).value()).isEqualTo(1000L);
  }

  @Test
  void switchesOffAFlagFromTheFileWithOneLine(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("flags.flagd.json"), FILE);
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.file", file.toString(),
                "contextkit.flags.checkout.enabled", "false",
                "contextkit.flags.checkout.state", "ENABLED"));
    FlagDefinition checkout = flags.definition("checkout");
    assertThat(checkout.enabled()).isFalse();
    assertThat(checkout.variants()).containsOnlyKeys("on", "off");
    assertThat(checkout.metadata()).containsEntry("owner", "shop");
    assertThat(flags.evaluate("checkout", FlagContext.empty()).reason()).isEqualTo("DISABLED");
  }

  @Test
  void overridesTheDefaultVariantOfAFileFlag(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("flags.flagd.json"), FILE);
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.file",
                "file:" + file,
                "contextkit.flags.checkout.default-variant",
                "off"));
    assertThat(flags.evaluate("checkout", FlagContext.empty()).value()).isEqualTo(false);
    assertThat(flags.metadata()).containsEntry("flagSetId", "file-set");
  }

  @Test
  void readsTheFileFromTheClasspathAndUnderAnotherPrefix() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "quarkus.contextkit.flags.file", "classpath:flagd-semantics.flagd.json",
                "quarkus.contextkit.flags.static-flag.enabled", "false"),
            "quarkus.contextkit.flags.");
    assertThat(flags.definitions()).containsKey("fractional-flag");
    assertThat(flags.definition("static-flag").enabled()).isFalse();
  }

  @Test
  void acceptsFlagKeysWithDotsInBrackets() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.[checkout.v2].variants.only", "\"1.2\"",
                "contextkit.flags.[checkout.v2].default-variant", "only"));
    assertThat(flags.evaluate("checkout.v2", FlagContext.empty()).value()).isEqualTo("1.2");
  }

  @Test
  void readsAJsonDocumentFromAReaderAndAPath(@TempDir Path dir) throws IOException {
    assertThat(FlagDefinitionsLoader.fromJson(new StringReader(FILE)).definitions())
        .containsOnlyKeys("checkout");
    Path file = Files.writeString(dir.resolve("f.json"), FILE);
    assertThat(FlagDefinitionsLoader.fromPath(file).definition("checkout").defaultVariant())
        .isEqualTo("on");
  }

  @Test
  void loadsAKillSwitchForAFlagThatDoesNotExistAsAFlagWithoutVariantsAndSaysWhy() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(props("contextkit.flags.chekout.enabled", "false"));

    FlagDefinition chekout = flags.definition("chekout");
    assertThat(chekout.invalid()).isTrue();
    assertThat(chekout.problems())
        .extracting(FlagProblem::message)
        .anySatisfy(m -> assertThat(m).contains("has no variants"))
        .anySatisfy(m -> assertThat(m).contains("is the flag key misspelt?"));
    // Switched off all the same, as the property says.
    assertThat(flags.evaluate("chekout", FlagContext.empty()).reason()).isEqualTo("DISABLED");
  }

  @Test
  void rejectsAKillSwitchForAFlagThatDoesNotExistWhenStrict() {
    assertThatThrownBy(
            () ->
                FlagDefinitionsLoader.fromProperties(
                    props(
                        "contextkit.flags.strict", "true",
                        "contextkit.flags.chekout.enabled", "false")))
        .isInstanceOf(FlagDefinitionException.class)
        .hasMessageContaining("flag \"chekout\"")
        .hasMessageContaining("no variants")
        .satisfies(e -> assertThat(((FlagDefinitionException) e).flagKey()).isEqualTo("chekout"));
  }

  @Test
  void answersParseErrorForAFlagWithAMisspeltSettingInsteadOfIgnoringIt() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.a.variants.on", "true",
                "contextkit.flags.a.enable", "false",
                "contextkit.flags.b.variants.on", "true",
                "contextkit.flags.b.default-variant", "on"));

    FlagResolution a = flags.evaluate("a", FlagContext.empty());
    assertThat(a.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
    assertThat(a.usesCallerDefault()).isTrue();
    assertThat(a.errorMessage()).contains("unknown setting contextkit.flags.a.enable");
    assertThat(flags.definition("a").invalid()).isTrue();
    assertThat(flags.evaluate("b", FlagContext.empty()).value()).isEqualTo(true);
  }

  @Test
  void rejectsAMisspeltSettingWhenStrict() {
    assertThatThrownBy(
            () ->
                FlagDefinitionsLoader.fromProperties(
                    props(
                        "contextkit.flags.strict", "true",
                        "contextkit.flags.a.variants.on", "true",
                        "contextkit.flags.a.enable", "false")))
        .hasMessageContaining("flag \"a\"")
        .hasMessageContaining("unknown setting contextkit.flags.a.enable");
  }

  @Test
  void answersParseErrorForAKillSwitchThatIsNotABooleanAndRejectsItWhenStrict() {
    Map<String, String> props =
        props(
            "contextkit.flags.a.variants.on", "true",
            "contextkit.flags.a.enabled", "nope");
    assertThat(FlagDefinitionsLoader.fromProperties(props).evaluate("a", FlagContext.empty()))
        .satisfies(r -> assertThat(r.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR))
        .satisfies(r -> assertThat(r.errorMessage()).contains("must be true or false"));
    props.put("contextkit.flags.strict", "true");
    assertThatThrownBy(() -> FlagDefinitionsLoader.fromProperties(props))
        .hasMessageContaining("must be true or false");
  }

  @Test
  void answersParseErrorForAPropertyThatNamesAFlagButNoSetting() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(props("contextkit.flags.checkout", "false"));
    assertThat(flags.evaluate("checkout", FlagContext.empty()).errorCode())
        .isEqualTo(ErrorCode.PARSE_ERROR);
  }

  @Test
  void answersParseErrorForATargetingPropertyThatIsNotJson() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.a.variants.on", "true",
                "contextkit.flags.a.targeting", "{\"if\": [",
                "contextkit.flags.b.variants.on", "true",
                "contextkit.flags.b.default-variant", "on"));
    assertThat(flags.evaluate("a", FlagContext.empty()).errorMessage())
        .contains("contextkit.flags.a.targeting is not valid JSON");
    assertThat(flags.evaluate("b", FlagContext.empty()).reason()).isEqualTo("STATIC");
  }

  @ParameterizedTest
  @CsvSource({
    "contextkit.flags., true, STRICT",
    "contextkit.flags., TRUE, STRICT",
    "contextkit.flags., false, FLAGD",
    "quarkus.contextkit.flags., true, STRICT"
  })
  void readsStrictModeFromTheStrictProperty(String prefix, String value, String expected) {
    Map<String, String> props =
        props(
            prefix + "strict", value,
            prefix + "a.variants.on", "true",
            prefix + "a.default-variant", "off");
    if (expected.equals("STRICT")) {
      assertThatThrownBy(() -> FlagDefinitionsLoader.fromProperties(props, prefix))
          .hasMessageContaining("flag \"a\": defaultVariant \"off\" is not one of the variants");
    } else {
      assertThat(FlagDefinitionsLoader.fromProperties(props, prefix).definition("a").invalid())
          .isTrue();
    }
  }

  @Test
  void rejectsAStrictSettingThatIsNotABoolean() {
    assertThatThrownBy(
            () -> FlagDefinitionsLoader.fromProperties(props("contextkit.flags.strict", "yes")))
        .hasMessageContaining("contextkit.flags.strict must be true or false");
  }

  @Test
  void hintsAtUnquotedYamlOnOffWhenVariantsAreNamedTrueAndFalse() {
    FlagDefinitions flags =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.dark-mode.variants.true", "true",
                "contextkit.flags.dark-mode.variants.false", "false",
                "contextkit.flags.dark-mode.default-variant", "off"));
    assertThat(flags.definition("dark-mode").problems())
        .extracting(FlagProblem::message)
        .anySatisfy(m -> assertThat(m).contains("quote the variant names"));
  }

  /** Definitions with one problem each, and the message strict mode refuses them with. */
  static final String[][] ONE_PROBLEM = {
    {
      "bad default variant",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},\"defaultVariant\":\"b\"}",
      "flag \"f\": defaultVariant \"b\" is not one of the variants [a]"
    },
    {
      "mixed variant types",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1,\"b\":\"x\"}}",
      "flag \"f\": variant \"b\" is STRING but earlier variants are NUMBER"
    },
    {
      "bad state",
      "{\"state\":\"ON\",\"variants\":{\"a\":1}}",
      "flag \"f\": state must be \"ENABLED\" or \"DISABLED\", found \"ON\""
    },
    {"no state", "{\"variants\":{\"a\":1}}", "flag \"f\": has no state"},
    {"no variants", "{\"state\":\"ENABLED\"}", "flag \"f\": has no variants"},
    {
      "null variant",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":null}}",
      "flag \"f\": variant \"a\" has no usable value"
    },
    {
      "unknown operator",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},\"targeting\":{\"regex\":[1,2]}}",
      "flag \"f\": unsupported operator \"regex\""
    },
    {
      "unknown variant in rule",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},\"targeting\":{\"if\":[true,\"zz\"]}}",
      "yields \"zz\", which is not one of the variants [a]"
    },
    {
      "missing evaluator",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
          + "\"targeting\":{\"if\":[{\"$ref\":\"nope\"},\"a\"]}}",
      "flag \"f\": $ref to unknown evaluator \"nope\""
    },
    {
      "bad sem_ver operator",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
          + "\"targeting\":{\"if\":[{\"sem_ver\":[{\"var\":\"v\"},\"===\",\"1.0.0\"]},\"a\"]}}",
      "unknown operator \"===\""
    },
    {
      "sem_ver against something that is not a version",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
          + "\"targeting\":{\"if\":[{\"sem_ver\":[{\"var\":\"v\"},\">=\",\"2.0.0.0\"]},\"a\"]}}",
      "compares with \"2.0.0.0\", not a version"
    },
    {
      "negative weight",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
          + "\"targeting\":{\"fractional\":[[\"a\",-5],[\"a\",5]]}}",
      "has negative weight -5"
    },
    {
      "wrong arity",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
          + "\"targeting\":{\"if\":[{\"==\":[1]},\"a\"]}}",
      "takes 2 arguments, found 1"
    },
    {
      "typo in member",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},\"defaultvariant\":\"a\"}",
      "flag \"f\": unknown member \"defaultvariant\""
    },
    {
      "targeting that is not an object",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},\"targeting\":\"a\"}",
      "flag \"f\": targeting must be a JsonLogic object"
    },
    {
      "metadata that is not a scalar",
      "{\"state\":\"ENABLED\",\"variants\":{\"a\":1},\"metadata\":{\"owner\":{\"x\":1}}}",
      "flag \"f\": metadata \"owner\" must be a string, boolean or number"
    },
  };

  static Stream<Arguments> oneProblem() {
    return Arrays.stream(ONE_PROBLEM).map(c -> Arguments.of(c[0], c[1], c[2]));
  }

  private static String withOk(String flag) {
    return "{\"flags\":{\"ok\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true},"
        + "\"defaultVariant\":\"on\"},\"f\":"
        + flag
        + "}}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneProblem")
  void rejectsAProblemWhenStrictNamingTheFlagAndTheProblem(
      String name, String flag, String message) {
    assertThatThrownBy(
            () -> FlagDefinitionsLoader.fromJson(withOk(flag), FlagDefinitionsLoader.Mode.STRICT))
        .isInstanceOf(FlagDefinitionException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneProblem")
  void loadsTheFlagWithTheProblemBesideTheOthersByDefault(
      String name, String flag, String message) {
    FlagDefinitions flags = FlagDefinitionsLoader.fromJson(withOk(flag));

    assertThat(flags.definitions()).containsOnlyKeys("ok", "f");
    assertThat(flags.definition("ok").problems()).isEmpty();
    assertThat(flags.evaluate("ok", FlagContext.empty()).reason()).isEqualTo("STATIC");
    assertThat(flags.definition("f").problems())
        .extracting(FlagProblem::describe)
        .anySatisfy(m -> assertThat(m).contains(message.replace("flag \"f\": ", "")));
    assertThat(flags.problems()).isEqualTo(flags.definition("f").problems());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{\"flags\": {|invalid JSON at line 1, column 12",
        "no flags|{\"flagz\": {}}|has no \"flags\" member",
        "flags that are an array|{\"flags\": []}|flags must be a JSON object",
        "a flag that is not an object|{\"flags\":{\"ok\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"on\":true}},\"f\":5}}|flag \"f\": the definition must be a JSON"
            + " object",
        "variants that are an array|{\"flags\":{\"f\":{\"state\":\"ENABLED\","
            + "\"variants\":[1,2]}}}|flag \"f\": variants must be a JSON object",
        "a state that is an object|{\"flags\":{\"f\":{\"state\":{},\"variants\":{\"a\":1}}}}"
            + "|flag \"f\": state must be",
        "a default variant that is an object|{\"flags\":{\"f\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"a\":1},\"defaultVariant\":{}}}}|flag \"f\": defaultVariant must"
            + " be a variant name",
        "flag metadata that is not an object|{\"flags\":{\"f\":{\"state\":\"ENABLED\","
            + "\"variants\":{\"a\":1},\"metadata\":[1]}}}|flag \"f\": metadata must be a JSON"
            + " object",
        "set metadata that is not an object|{\"flags\":{},\"metadata\":5}|metadata must be a"
            + " JSON object",
      })
  void refusesWhatFlagdRefusesAsAWholeInBothModes(String name, String json, String message) {
    for (FlagDefinitionsLoader.Mode mode : FlagDefinitionsLoader.Mode.values()) {
      assertThatThrownBy(() -> FlagDefinitionsLoader.fromJson(json, mode))
          .as(mode.name())
          .isInstanceOf(FlagDefinitionException.class)
          .hasMessageContaining(message);
    }
  }

  @Test
  void letsTheLastOfTwoEqualMembersCountAsFlagdDoesAndRejectsThemWhenStrict() {
    String json =
        "{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"defaultVariant\":\"a\"},\n\"f\":{\"state\":\"ENABLED\",\"variants\":{\"b\":2},"
            + "\"defaultVariant\":\"b\"}}}";

    FlagDefinitions flags = FlagDefinitionsLoader.fromJson(json);
    assertThat(flags.evaluate("f", FlagContext.empty()).value()).isEqualTo(2L);
    assertThat(flags.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.flagKey()).isNull())
        .satisfies(p -> assertThat(p.message()).contains("line 2").contains("\"f\" appears twice"));
    assertThatThrownBy(
            () -> FlagDefinitionsLoader.fromJson(json, FlagDefinitionsLoader.Mode.STRICT))
        .hasMessageContaining("duplicate member \"f\"");
  }

  @Test
  void ignoresAnUnknownTopLevelMemberWithAWarningAndRejectsItWhenStrict() {
    String json = "{\"flags\":{},\"flagz\":{}}";
    assertThat(FlagDefinitionsLoader.fromJson(json).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.severity()).isEqualTo(FlagProblem.Severity.WARNING))
        .satisfies(p -> assertThat(p.message()).contains("unknown top-level member \"flagz\""));
    assertThatThrownBy(
            () -> FlagDefinitionsLoader.fromJson(json, FlagDefinitionsLoader.Mode.STRICT))
        .hasMessageContaining("unknown top-level member \"flagz\"");
  }

  @Test
  void findsTheFlagsThatChangedIncludingThroughASharedEvaluator() {
    FlagDefinitions before =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.a.variants.on", "true",
                "contextkit.flags.a.targeting", "{\"if\":[{\"$ref\":\"t\"},\"on\"]}",
                "contextkit.flags.b.variants.on", "true",
                "contextkit.flags.c.variants.on", "true",
                "contextkit.flags.evaluators.t", "{\"==\":[{\"var\":\"tester\"},true]}"));
    FlagDefinitions after =
        FlagDefinitionsLoader.fromProperties(
            props(
                "contextkit.flags.a.variants.on", "true",
                "contextkit.flags.a.targeting", "{\"if\":[{\"$ref\":\"t\"},\"on\"]}",
                "contextkit.flags.b.variants.on", "true",
                "contextkit.flags.d.variants.on", "true",
                "contextkit.flags.evaluators.t", "{\"==\":[{\"var\":\"tester\"},false]}"));
    assertThat(after.changedSince(before)).isEqualTo(List.of("a", "c", "d"));
    assertThat(after.changedSince(after)).isEmpty();
  }
}
