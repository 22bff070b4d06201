package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void rejectsAKillSwitchForAFlagThatDoesNotExist() {
    assertThatThrownBy(
            () ->
                FlagDefinitionsLoader.fromProperties(
                    props("contextkit.flags.chekout.enabled", "false")))
        .isInstanceOf(FlagDefinitionException.class)
        .hasMessageContaining("flag \"chekout\"")
        .hasMessageContaining("no variants")
        .satisfies(e -> assertThat(((FlagDefinitionException) e).flagKey()).isEqualTo("chekout"));
  }

  @Test
  void rejectsAMisspeltSettingInsteadOfIgnoringIt() {
    assertThatThrownBy(
            () ->
                FlagDefinitionsLoader.fromProperties(
                    props(
                        "contextkit.flags.a.variants.on", "true",
                        "contextkit.flags.a.enable", "false")))
        .hasMessageContaining("flag \"a\"")
        .hasMessageContaining("unknown setting contextkit.flags.a.enable");
  }

  @Test
  void rejectsAKillSwitchThatIsNotABoolean() {
    assertThatThrownBy(
            () ->
                FlagDefinitionsLoader.fromProperties(
                    props(
                        "contextkit.flags.a.variants.on", "true",
                        "contextkit.flags.a.enabled", "nope")))
        .hasMessageContaining("must be true or false");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad default variant|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"defaultVariant\":\"b\"}}}|flag \"f\": defaultVariant \"b\" is not one of the"
            + " variants [a]",
        "mixed variant types|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1,\"b\":"
            + "\"x\"}}}}|flag \"f\": variant \"b\" is STRING but earlier variants are NUMBER",
        "bad state|{\"flags\":{\"f\":{\"state\":\"ON\",\"variants\":{\"a\":1}}}}|flag \"f\": state"
            + " must be",
        "unknown operator|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"targeting\":{\"regex\":[1,2]}}}}|flag \"f\": unsupported operator \"regex\"",
        "unknown variant in rule|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"targeting\":{\"if\":[true,\"zz\"]}}}}|yields \"zz\", which is not one of the"
            + " variants [a]",
        "missing evaluator|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"targeting\":{\"if\":[{\"$ref\":\"nope\"},\"a\"]}}}}|flag \"f\": $ref to unknown"
            + " evaluator \"nope\"",
        "ref cycle|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"targeting\":{\"if\":[{\"$ref\":\"x\"},\"a\"]}}},\"$evaluators\":{\"x\":{\"!\":"
            + "{\"$ref\":\"y\"}},\"y\":{\"$ref\":\"x\"}}}|flag \"f\": $ref cycle",
        "bad sem_ver operator|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"targeting\":{\"if\":[{\"sem_ver\":[{\"var\":\"v\"},\"===\",\"1.0.0\"]},\"a\"]}}}}"
            + "|unknown operator \"===\"",
        "negative weight|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"targeting\":{\"fractional\":[[\"a\",-5]]}}}}|weights are non-negative integers",
        "wrong arity|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"targeting\":{\"if\":[{\"==\":[1]},\"a\"]}}}}|takes 2 arguments, found 1",
        "typo in member|{\"flags\":{\"f\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1},"
            + "\"defaultvariant\":\"a\"}}}|flag \"f\": unknown member \"defaultvariant\"",
        "not json|{\"flags\": {|invalid JSON at line 1, column 12",
      })
  void rejectsInvalidDefinitionsNamingTheFlagAndTheProblem(
      String name, String json, String message) {
    assertThatThrownBy(() -> FlagDefinitionsLoader.fromJson(json))
        .isInstanceOf(FlagDefinitionException.class)
        .hasMessageContaining(message);
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
