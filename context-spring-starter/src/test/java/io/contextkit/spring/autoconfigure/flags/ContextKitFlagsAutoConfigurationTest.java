package io.contextkit.spring.autoconfigure.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagDefinition;
import io.contextkit.flags.FlagDefinitionException;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.flags.ContextKitFlagsEndpoint.FlagDescriptor;
import io.contextkit.spring.autoconfigure.flags.ContextKitFlagsEndpoint.FlagsDescriptor;
import io.contextkit.spring.autoconfigure.flags.internal.FlagReloader;
import io.contextkit.spring.autoconfigure.flags.internal.InvalidFlagDefinitionsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ContextKitFlagsAutoConfigurationTest {

  private static final String TARGETING =
      "{\"if\":[{\"or\":[{\"==\":[{\"var\":\"tester\"},true]},"
          + "{\"==\":[{\"var\":\"license\"},\"gold\"]}]},\"on\",\"off\"]}";

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  ContextKitFlagsAutoConfiguration.class,
                  ContextKitFlagsManagementAutoConfiguration.class));

  private static final String[] NEW_PRICING = {
    "contextkit.flags.new-pricing.variants.on=true",
    "contextkit.flags.new-pricing.variants.off=false",
    "contextkit.flags.new-pricing.default-variant=off",
    "contextkit.flags.new-pricing.targeting=" + TARGETING
  };

  private static boolean evaluateAs(Client client, RequestContext context) {
    try (ContextScope scope = context.makeCurrent()) {
      return client.getBooleanValue("new-pricing", false);
    }
  }

  @Test
  void suppliesProviderAndClientThatEvaluateAgainstTheRequestContext() {
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ContextKitFlagProvider.class);
              Client client = context.getBean(Client.class);
              RequestContext gold = RequestContext.builder().userId("u-1").license("gold").build();
              RequestContext basic =
                  RequestContext.builder().userId("u-2").license("basic").build();
              assertThat(evaluateAs(client, gold)).isTrue();
              assertThat(evaluateAs(client, basic)).isFalse();
              assertThat(evaluateAs(client, RequestContext.builder().tester(true).build()))
                  .isTrue();
              // The hook recorded each evaluation on its request.
              assertThat(gold.flagsInEffect()).isEqualTo("new-pricing=on");
              assertThat(basic.flagsInEffect()).isEqualTo("new-pricing=off");
              // The application's plain OpenFeature use reaches the same provider.
              assertThat(OpenFeatureAPI.getInstance().getProvider())
                  .isSameAs(context.getBean(ContextKitFlagProvider.class));
            });
  }

  private static InvalidFlagDefinitionsException invalidFlags(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidFlagDefinitionsException invalid) {
        return invalid;
      }
    }
    throw new AssertionError("no InvalidFlagDefinitionsException in", failure);
  }

  private static final String[] CHECKOUT_BLUE = {
    "contextkit.flags.checkout.variants.on=true",
    "contextkit.flags.checkout.variants.off=false",
    "contextkit.flags.checkout.default-variant=blue"
  };

  @Test
  void invalidFlagLoadsAnsweringAnErrorWhileTheOtherFlagsAreServed() {
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .withPropertyValues(CHECKOUT_BLUE)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Client client = context.getBean(Client.class);
              FlagEvaluationDetails<Boolean> checkout = client.getBooleanDetails("checkout", true);
              assertThat(checkout.getValue()).isTrue();
              assertThat(checkout.getReason()).isEqualTo("ERROR");
              assertThat(checkout.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
              assertThat(evaluateAs(client, RequestContext.builder().license("gold").build()))
                  .isTrue();
              FlagDefinition definition =
                  context
                      .getBean(ContextKitFlagProvider.class)
                      .definitions()
                      .definition("checkout");
              assertThat(definition.invalid()).isTrue();
            });
  }

  @Test
  void invalidFlagFailsStartupNamingTheFlagAndTheProblemWhenStrict() {
    contextRunner
        .withPropertyValues(CHECKOUT_BLUE)
        .withPropertyValues("contextkit.flags.strict=true")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(FlagDefinitionException.class)
                  .hasMessageContaining("flag \"checkout\"")
                  .hasMessageContaining("\"blue\"");
              InvalidFlagDefinitionsException invalid = invalidFlags(context.getStartupFailure());
              assertThat(invalid.flagKey()).isEqualTo("checkout");
              assertThat(invalid.strict()).isTrue();
            });
  }

  @Test
  void misspeltSettingMakesTheFlagAnswerParseErrorInsteadOfBeingIgnored() {
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .withPropertyValues("contextkit.flags.new-pricing.enabeld=false")
        .run(
            context -> {
              FlagEvaluationDetails<Boolean> d =
                  context.getBean(Client.class).getBooleanDetails("new-pricing", false);
              assertThat(d.getErrorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
              assertThat(d.getErrorMessage()).contains("enabeld");
            });
  }

  @Test
  void misspeltSettingFailsStartupWhenStrict() {
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .withPropertyValues(
            "contextkit.flags.new-pricing.enabeld=false", "contextkit.flags.strict=true")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("new-pricing")
                    .hasMessageContaining("enabeld"));
  }

  @Test
  void unquotedYamlOnOffVariantsGetAHintWhenStrict() {
    // What SnakeYAML makes of "on: true" / "off: false" under variants.
    contextRunner
        .withPropertyValues(
            "contextkit.flags.strict=true",
            "contextkit.flags.dark-mode.variants.true=true",
            "contextkit.flags.dark-mode.variants.false=false",
            "contextkit.flags.dark-mode.default-variant=off")
        .run(
            context ->
                assertThat(invalidFlags(context.getStartupFailure()).yamlBooleanVariants())
                    .isTrue());
  }

  @Test
  void environmentVariableSwitchesAFlagOff() {
    // CONTEXTKIT_FLAGS_<KEY>_ENABLED=false: the kill switch from the environment (flag keys
    // without dashes; an underscore always becomes a dot).
    contextRunner
        .withPropertyValues(
            "contextkit.flags.checkout.variants.on=true",
            "contextkit.flags.checkout.variants.off=false",
            "contextkit.flags.checkout.default-variant=on")
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-systemEnvironment",
                            Map.of("CONTEXTKIT_FLAGS_CHECKOUT_ENABLED", "false"))))
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ContextKitFlagProvider.class)
                            .definitions()
                            .definition("checkout")
                            .enabled())
                    .isFalse());
  }

  @Test
  void backsOffForAUserProviderAndRegistersThatOne() {
    InMemoryProvider mine =
        new InMemoryProvider(
            Map.of(
                "new-pricing",
                Flag.<Boolean>builder()
                    .variant("yes", true)
                    .variant("no", false)
                    .defaultVariant("yes")
                    .build()));
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .withBean(FeatureProvider.class, () -> mine)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ContextKitFlagProvider.class);
              RequestContext request = RequestContext.builder().userId("u-9").build();
              assertThat(evaluateAs(context.getBean(Client.class), request)).isTrue();
              // The hook is installed whatever the provider.
              assertThat(request.flagsInEffect()).isEqualTo("new-pricing=yes");
            });
  }

  @Test
  void backsOffForAUserClient() {
    Client mine = OpenFeatureAPI.getInstance().getClient("my-own-domain");
    contextRunner
        .withBean(Client.class, () -> mine)
        .run(context -> assertThat(context.getBean(Client.class)).isSameAs(mine));
  }

  @Test
  void offWhenItsPropertyIsFalse() {
    contextRunner
        .withPropertyValues("contextkit.flags.enabled=false")
        .withPropertyValues(NEW_PRICING)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ContextKitFlagProvider.class);
              assertThat(context).doesNotHaveBean(Client.class);
            });
  }

  @Test
  void offWithoutTheFeatureFlagsModule() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(ContextKitFlagProvider.class))
        .run(context -> assertThat(context).doesNotHaveBean(Client.class));
  }

  @Test
  void servesAFlagsFileFromTheClasspathWithoutWatchingIt() {
    contextRunner
        .withPropertyValues(
            "contextkit.flags.file=classpath:io/contextkit/spring/autoconfigure/flags/"
                + "classpath-flags.flagd.json")
        .run(
            context -> {
              assertThat(context.getBean(FlagReloader.class).watchingFile()).isFalse();
              Client client = context.getBean(Client.class);
              try (ContextScope scope =
                  RequestContext.builder().userId("staff-7").build().makeCurrent()) {
                assertThat(client.getBooleanValue("dark-mode", false)).isTrue();
              }
              try (ContextScope scope =
                  RequestContext.builder().userId("cust-7").build().makeCurrent()) {
                assertThat(client.getBooleanValue("dark-mode", true)).isFalse();
              }
            });
  }

  @Test
  void reloadsWhenTheFlagsFileChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flags.flagd.json");
    Files.writeString(file, flagsFile("off"), StandardCharsets.UTF_8);
    contextRunner
        .withPropertyValues("contextkit.flags.file=" + file, "contextkit.flags.watch-interval=50ms")
        .run(
            context -> {
              assertThat(context.getBean(FlagReloader.class).watchingFile()).isTrue();
              Client client = context.getBean(Client.class);
              RequestContext request = RequestContext.builder().userId("u-1").build();
              assertThat(evaluateAs(client, request)).isFalse();
              // A different size, so the change is seen even within one mtime tick.
              Files.writeString(file, flagsFile("on") + "\n", StandardCharsets.UTF_8);
              long deadline = System.nanoTime() + 5_000_000_000L;
              while (!evaluateAs(client, request) && System.nanoTime() < deadline) {
                Thread.sleep(20);
              }
              assertThat(evaluateAs(client, request)).isTrue();
              // A broken file keeps the last good definitions and is reported.
              Files.writeString(file, "{ not json", StandardCharsets.UTF_8);
              ContextKitFlagProvider provider = context.getBean(ContextKitFlagProvider.class);
              while (provider.lastReloadError() == null && System.nanoTime() < deadline + 5e9) {
                Thread.sleep(20);
              }
              assertThat(provider.lastReloadError()).isNotNull();
              assertThat(evaluateAs(client, request)).isTrue();
            });
  }

  private static String flagsFile(String defaultVariant) {
    return "{\"flags\":{\"new-pricing\":{\"state\":\"ENABLED\","
        + "\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\""
        + defaultVariant
        + "\"}}}";
  }

  private static final String SILVER_OR_NOTHING =
      "{\"if\":[{\"in\":[{\"var\":\"license\"},[\"gold\",\"silver\"]]},\"on\",null]}";

  private static final String SILVER_TOO =
      "{\"if\":[{\"in\":[{\"var\":\"license\"},[\"gold\",\"silver\"]]},\"on\",\"off\"]}";

  @Test
  void reloadsOnSpringCloudEnvironmentChange() {
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .run(
            context -> {
              Client client = context.getBean(Client.class);
              RequestContext silver = RequestContext.builder().license("silver").build();
              assertThat(evaluateAs(client, silver)).isFalse();
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(
                      new MapPropertySource(
                          "refreshed",
                          Map.of("contextkit.flags.new-pricing.targeting", SILVER_TOO)));
              context.publishEvent(
                  new EnvironmentChangeEvent(
                      context, Set.of("contextkit.flags.new-pricing.targeting")));
              assertThat(evaluateAs(client, silver)).isTrue();
              // A change that breaks one flag is served as flagd serves it: that flag answers an
              // error where it falls back to its default variant, the others are unaffected.
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(
                      new MapPropertySource(
                          "broken",
                          Map.of(
                              "contextkit.flags.new-pricing.default-variant",
                              "x",
                              "contextkit.flags.new-pricing.targeting",
                              SILVER_OR_NOTHING,
                              "contextkit.flags.other.variants.a",
                              "1",
                              "contextkit.flags.other.default-variant",
                              "a")));
              context.publishEvent(
                  new EnvironmentChangeEvent(
                      context, Set.of("contextkit.flags.new-pricing.default-variant")));
              assertThat(context.getBean(ContextKitFlagProvider.class).lastReloadError()).isNull();
              assertThat(evaluateAs(client, silver)).isTrue();
              try (ContextScope scope = RequestContext.builder().build().makeCurrent()) {
                assertThat(client.getBooleanDetails("new-pricing", false).getErrorCode())
                    .isEqualTo(ErrorCode.GENERAL);
                assertThat(client.getIntegerValue("other", 0)).isEqualTo(1);
              }
            });
  }

  @Test
  void keepsWhatIsServedWhenAStrictReloadFindsAProblem() {
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .withPropertyValues("contextkit.flags.strict=true")
        .run(
            context -> {
              Client client = context.getBean(Client.class);
              RequestContext basic = RequestContext.builder().license("basic").build();
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(
                      new MapPropertySource(
                          "broken", Map.of("contextkit.flags.new-pricing.default-variant", "x")));
              context.publishEvent(
                  new EnvironmentChangeEvent(
                      context, Set.of("contextkit.flags.new-pricing.default-variant")));
              assertThat(evaluateAs(client, basic)).isFalse();
              try (ContextScope scope = basic.makeCurrent()) {
                assertThat(client.getBooleanDetails("new-pricing", true).getReason())
                    .isEqualTo("TARGETING_MATCH");
              }
              assertThat(context.getBean(ContextKitFlagProvider.class).lastReloadError().message())
                  .contains("flag \"new-pricing\"")
                  .contains("\"x\"");
            });
  }

  @Test
  void endpointListsDefinitionsTheirSourceAndTheLastReloadError(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("flags.flagd.json");
    Files.writeString(
        file,
        "{\"flags\":{"
            + "\"from-file\":{\"state\":\"ENABLED\",\"variants\":{\"a\":1,\"b\":2},"
            + "\"defaultVariant\":\"a\"},"
            + "\"overridden\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true},"
            + "\"defaultVariant\":\"on\"}}}",
        StandardCharsets.UTF_8);
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .withPropertyValues(
            "contextkit.flags.file=" + file,
            "contextkit.flags.overridden.enabled=false",
            "management.endpoints.web.exposure.include=flags")
        .withConfiguration(
            AutoConfigurations.of(
                org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration
                    .class))
        .run(
            context -> {
              FlagsDescriptor flags = context.getBean(ContextKitFlagsEndpoint.class).flags();
              assertThat(flags.provider()).isEqualTo("contextkit");
              assertThat(flags.file()).isEqualTo(file.toString());
              assertThat(flags.flags()).containsOnlyKeys("from-file", "overridden", "new-pricing");
              assertThat(flags.flags().get("from-file").source()).isEqualTo("file");
              assertThat(flags.flags().get("from-file").type()).isEqualTo("NUMBER");
              assertThat(flags.flags().get("overridden").source()).isEqualTo("file+properties");
              assertThat(flags.flags().get("overridden").state()).isEqualTo("DISABLED");
              assertThat(flags.flags().get("new-pricing").source()).isEqualTo("properties");
              assertThat(flags.flags().get("new-pricing").targeting()).isNotNull();
              assertThat(flags.lastReloadError()).isNull();
              assertThat(flags.strict()).isFalse();
              assertThat(flags.problems()).isEmpty();
              assertThat(flags.flags().values())
                  .extracting(FlagDescriptor::status)
                  .containsOnly("VALID");
              // A flag that loaded with an invalid targeting rule shows as such.
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(
                      new MapPropertySource(
                          "broken",
                          Map.of(
                              "contextkit.flags.new-pricing.targeting",
                              "{\"if\":[{\"regex\":[{\"var\":\"email\"},\"x\"]},\"on\"]}")));
              assertThat(context.getBean(FlagReloader.class).reload()).isTrue();
              FlagsDescriptor after = context.getBean(ContextKitFlagsEndpoint.class).flags();
              FlagDescriptor pricing = after.flags().get("new-pricing");
              assertThat(pricing.status()).isEqualTo("INVALID");
              assertThat(pricing.problems())
                  .singleElement()
                  .satisfies(p -> assertThat(p.severity()).isEqualTo("ERROR"))
                  .satisfies(
                      p -> assertThat(p.message()).contains("unsupported operator \"regex\""));
              assertThat(after.flags().get("from-file").status()).isEqualTo("VALID");
              // A reload that fails is reported, and the served definitions stay.
              Files.writeString(file, "{ not json", StandardCharsets.UTF_8);
              assertThat(context.getBean(FlagReloader.class).reload()).isFalse();
              FlagsDescriptor broken = context.getBean(ContextKitFlagsEndpoint.class).flags();
              assertThat(broken.lastReloadError()).isNotNull();
              assertThat(broken.lastReloadError().message()).contains("invalid JSON");
              assertThat(broken.flags()).containsKey("from-file");
            });
  }
}
