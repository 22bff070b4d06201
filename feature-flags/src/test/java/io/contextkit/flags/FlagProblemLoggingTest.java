package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.contextkit.testsupport.LogLine;
import io.contextkit.testsupport.LogbackCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The provider says once, one line per flag, what is wrong with the definitions it serves. */
class FlagProblemLoggingTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ContextKitFlagProvider.class);
  private LogbackCapture capture;
  private Level previousLevel;

  @BeforeEach
  void capture() {
    previousLevel = logger.getLevel();
    logger.setLevel(Level.WARN);
    capture = LogbackCapture.attach(logger.getName());
  }

  @AfterEach
  void release() {
    capture.close();
    logger.setLevel(previousLevel);
  }

  private List<String> lines() {
    return capture.messages();
  }

  private static String flag(String key, String targeting) {
    return "\""
        + key
        + "\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
        + "\"defaultVariant\":\"off\",\"targeting\":"
        + targeting
        + "}";
  }

  private static final String UNKNOWN_OPERATOR = "{\"regex\":[{\"var\":\"email\"},\"x\"]}";
  private static final String UNKNOWN_VARIANT = "{\"if\":[{\"var\":\"tester\"},\"maybe\"]}";
  private static final String VALID = "{\"if\":[{\"var\":\"tester\"},\"on\"]}";

  @Test
  void logsEachFlagWithProblemsOnceNamingTheFlagAndTheProblem() {
    new ContextKitFlagProvider(
        FlagDefinitionsLoader.fromJson(
            "{\"flags\":{"
                + flag("broken", UNKNOWN_OPERATOR)
                + ","
                + flag("fine", VALID)
                + ","
                + flag("unmatched", UNKNOWN_VARIANT)
                + "}}"));

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0))
        .startsWith("Feature flag \"broken\" loaded with 1 problem")
        .contains("reason ERROR")
        .contains("ERROR unsupported operator \"regex\" at targeting");
    assertThat(lines().get(1))
        .startsWith("Feature flag \"unmatched\" loaded with 1 problem")
        .contains("yields \"maybe\", which is not one of the variants [on, off]");
    assertThat(capture.lines()).extracting(LogLine::level).containsOnly("WARN");
  }

  @Test
  void escapesTheFlagKeyAndTheMessageSoALineCannotBeForged() {
    new ContextKitFlagProvider(
        FlagDefinitionsLoader.fromJson(
            "{\"flags\":{"
                + flag("evil\\n2026-01-01 INFO forged", "{\"if\":[true,\"x\\r\\ny\"]}")
                + "}}"));

    assertThat(lines())
        .singleElement()
        .asString()
        .contains("Feature flag \"evil\\n2026-01-01 INFO forged\"")
        .contains("\"x\\r\\ny\"")
        .doesNotContain("\n")
        .doesNotContain("\r");
  }

  @Test
  void saysNothingAgainOnAReloadThatLeavesAFlagsProblemsAsTheyWere() {
    String before = "{\"flags\":{" + flag("a", UNKNOWN_OPERATOR) + "," + flag("b", VALID) + "}}";
    ContextKitFlagProvider provider =
        new ContextKitFlagProvider(FlagDefinitionsLoader.fromJson(before));
    assertThat(lines()).hasSize(1);

    provider.replace(
        FlagDefinitionsLoader.fromJson(
            "{\"flags\":{"
                + flag("a", UNKNOWN_OPERATOR)
                + ","
                + flag("b", "{\"if\":[{\"var\":\"beta\"},\"on\"]}")
                + "}}"));
    assertThat(lines()).hasSize(1);

    provider.replace(
        FlagDefinitionsLoader.fromJson(
            "{\"flags\":{"
                + flag("a", UNKNOWN_OPERATOR)
                + ","
                + flag("b", UNKNOWN_VARIANT)
                + "}}"));
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1)).startsWith("Feature flag \"b\"");
  }

  @Test
  void logsTheProblemsOfTheDocumentOnOneLine() {
    new ContextKitFlagProvider(
        FlagDefinitionsLoader.fromJson("{\"flags\":{},\"flagz\":{},\"metadata\":{\"n\":[1]}}"));

    assertThat(lines())
        .singleElement()
        .asString()
        .startsWith("Feature-flag definitions loaded with 2 problems")
        .contains("unknown top-level member \"flagz\"")
        .contains("metadata \"n\"");
  }

  @Test
  void escapesTheReasonOfAFailedReload() {
    ContextKitFlagProvider provider = new ContextKitFlagProvider(FlagDefinitions.empty());

    provider.reload(
        () ->
            FlagDefinitionsLoader.fromJson(
                "{\"flags\":{" + flag("evil\\nINFO forged", UNKNOWN_OPERATOR) + "}}",
                FlagDefinitionsLoader.Mode.STRICT));

    assertThat(lines())
        .singleElement()
        .asString()
        .startsWith("Flag definitions not reloaded, keeping the previous ones: flag \"evil\\nINFO")
        .doesNotContain("\n");
  }
}
