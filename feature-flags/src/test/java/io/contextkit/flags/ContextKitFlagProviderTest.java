package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenFeature semantics of the provider, through the real SDK and its {@link Client}. */
class ContextKitFlagProviderTest {

  private OpenFeatureAPI api;
  private ContextKitFlagProvider provider;
  private Client client;

  static FlagDefinitions semantics() {
    try (InputStream in =
        ContextKitFlagProviderTest.class.getResourceAsStream("/flagd-semantics.flagd.json")) {
      return FlagDefinitionsLoader.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void setUp() {
    api = OpenFeatureAPI.createIsolated();
    provider = new ContextKitFlagProvider(semantics());
    api.setProviderAndWait(provider);
    client = api.getClient();
  }

  @AfterEach
  void tearDown() {
    api.shutdown();
  }

  @Test
  void servesAStaticFlagWithReasonStaticAndMetadata() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("static-flag", false);
    assertThat(d.getValue()).isTrue();
    assertThat(d.getVariant()).isEqualTo("on");
    assertThat(d.getReason()).isEqualTo("STATIC");
    assertThat(d.getErrorCode()).isNull();
    assertThat(d.getFlagMetadata().getString("owner")).isEqualTo("payments");
    assertThat(d.getFlagMetadata().getString("flagSetId")).isEqualTo("semantics");
  }

  @Test
  void returnsTheDefaultWithFlagNotFoundForAMissingFlag() {
    FlagEvaluationDetails<String> d = client.getStringDetails("no-such-flag", "fallback");
    assertThat(d.getValue()).isEqualTo("fallback");
    assertThat(d.getReason()).isEqualTo("ERROR");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
  }

  @Test
  void returnsTheDefaultWithTypeMismatchForEveryWrongType() {
    assertMismatch(client.getStringDetails("static-flag", "x"), "x");
    assertMismatch(client.getIntegerDetails("static-flag", 13), 13);
    assertMismatch(client.getDoubleDetails("static-flag", 0.1), 0.1);
    assertMismatch(client.getBooleanDetails("version-flag", false), false);
    assertMismatch(client.getIntegerDetails("version-flag", 1), 1);
    assertMismatch(client.getBooleanDetails("number-flag", false), false);
    assertMismatch(client.getStringDetails("number-flag", "s"), "s");
    // 0.5 cannot be read as an integer without loss.
    assertMismatch(client.getIntegerDetails("half-flag", 7), 7);
  }

  private static <T> void assertMismatch(FlagEvaluationDetails<T> d, T expectedDefault) {
    assertThat(d.getValue()).isEqualTo(expectedDefault);
    assertThat(d.getReason()).isEqualTo("ERROR");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void readsNumbersAsIntegerLongAndDouble() {
    assertThat(client.getIntegerValue("number-flag", 0)).isEqualTo(10);
    assertThat(client.getLongValue("number-flag", 0L)).isEqualTo(10L);
    assertThat(client.getDoubleValue("number-flag", 0.0)).isEqualTo(10.0);
    assertThat(client.getDoubleValue("half-flag", 0.0)).isEqualTo(0.5);
  }

  @Test
  void readsObjectVariantsAsStructures() {
    Value v = client.getObjectValue("object-flag", new Value("default"));
    assertThat(v.isStructure()).isTrue();
    assertThat(v.asStructure().getValue("title").asString()).isEqualTo("Pics");
    assertThat(v.asStructure().getValue("perPage").asInteger()).isEqualTo(100);
    assertThat(v.asStructure().getValue("tags").asList())
        .extracting(Value::asString)
        .containsExactly("a", "b");
  }

  @Test
  void reportsTargetingMatchForRulesAndFractionalBucketsDefaultAndDisabled() {
    FlagEvaluationDetails<String> match =
        client.getStringDetails(
            "email-flag",
            "x",
            new ImmutableContext(Map.of("email", new Value("ballmer@macrosoft.com"))));
    assertThat(match.getValue()).isEqualTo("hi");
    assertThat(match.getReason()).isEqualTo("TARGETING_MATCH");

    MutableStructure user = new MutableStructure().add("name", "jack");
    FlagEvaluationDetails<String> split =
        client.getStringDetails(
            "fractional-flag", "x", new ImmutableContext(Map.of("user", new Value(user))));
    assertThat(split.getValue()).isEqualTo("hearts");
    assertThat(split.getVariant()).isEqualTo("hearts");
    assertThat(split.getReason()).isEqualTo("TARGETING_MATCH");

    FlagEvaluationDetails<String> byDefault =
        client.getStringDetails("targeting-key-flag", "x", new ImmutableContext("nobody"));
    assertThat(byDefault.getValue()).isEqualTo("miss");
    assertThat(byDefault.getReason()).isEqualTo("DEFAULT");

    FlagEvaluationDetails<Boolean> disabled = client.getBooleanDetails("disabled-flag", false);
    assertThat(disabled.getValue()).isFalse();
    assertThat(disabled.getVariant()).isNull();
    assertThat(disabled.getReason()).isEqualTo("DISABLED");
    assertThat(disabled.getErrorCode()).isNull();
  }

  @Test
  void usesTheTargetingKeyOfTheEvaluationContext() {
    assertThat(
            client.getStringValue(
                "fractional-flag-shorthand", "x", new ImmutableContext("jane@company.com")))
        .isEqualTo("tails");
    assertThat(client.getStringValue("targeting-key-flag", "x", new ImmutableContext("5c3d8535")))
        .isEqualTo("hit");
  }

  @Test
  void neverThrowsForARuleThatNamesNoVariant() {
    FlagEvaluationDetails<String> d =
        client.getStringDetails(
            "fractional-nested-var-flag",
            "code-default",
            new ImmutableContext("jon@company.com", Map.of("color", new Value("yellow"))));
    assertThat(d.getValue()).isEqualTo("code-default");
    assertThat(d.getReason()).isEqualTo("ERROR");
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
    assertThat(d.getErrorMessage()).contains("yellow");
  }

  @Test
  void emitsConfigurationChangedWithTheChangedKeysOnReload() throws InterruptedException {
    BlockingQueue<EventDetails> events = new LinkedBlockingQueue<>();
    api.onProviderConfigurationChanged(events::add);
    FlagDefinitions next =
        FlagDefinitionsLoader.fromJson(
            "{\"flags\":{\"static-flag\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,"
                + "\"off\":false},\"defaultVariant\":\"off\"},\"brand-new\":{\"state\":\"ENABLED\","
                + "\"variants\":{\"a\":\"a\"},\"defaultVariant\":\"a\"}}}");

    boolean reloaded = provider.reload(() -> next);

    assertThat(reloaded).isTrue();
    EventDetails event = events.poll(5, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.getFlagsChanged()).contains("static-flag", "brand-new", "fractional-flag");
    assertThat(client.getBooleanValue("static-flag", true)).isFalse();
    assertThat(client.getStringDetails("fractional-flag", "x").getErrorCode())
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
  }

  @Test
  void keepsTheLastGoodDefinitionsWhenAReloadFails() {
    boolean reloaded =
        provider.reload(
            () ->
                FlagDefinitionsLoader.fromProperties(
                    Map.of(
                        "contextkit.flags.strict", "true",
                        "contextkit.flags.static-flag.enabled", "maybe")));

    assertThat(reloaded).isFalse();
    assertThat(provider.lastReloadError()).isNotNull();
    assertThat(provider.lastReloadError().message())
        .contains("flag \"static-flag\"")
        .contains("must be true or false");
    assertThat(client.getBooleanDetails("static-flag", false).getReason()).isEqualTo("STATIC");

    provider.replace(semantics());
    assertThat(provider.lastReloadError()).isNull();
  }

  @Test
  void emitsNoEventWhenNothingChanged() {
    List<String> changed = provider.replace(semantics());
    assertThat(changed).isEmpty();
  }

  @Test
  void isAnOpenFeatureProviderNamedContextkit() {
    assertThat(client.getBooleanDetails("static-flag", false).getFlagKey())
        .isEqualTo("static-flag");
    assertThat(provider.getMetadata().getName()).isEqualTo("contextkit");
  }
}
