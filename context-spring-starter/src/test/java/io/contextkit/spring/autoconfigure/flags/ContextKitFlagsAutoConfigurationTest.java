package io.contextkit.spring.autoconfigure.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagDefinitionException;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
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

  @Test
  void invalidFlagFailsStartupNamingTheFlagAndTheProblem() {
    contextRunner
        .withPropertyValues(
            "contextkit.flags.checkout.variants.on=true",
            "contextkit.flags.checkout.variants.off=false",
            "contextkit.flags.checkout.default-variant=blue")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(FlagDefinitionException.class)
                  .hasMessageContaining("flag \"checkout\"")
                  .hasMessageContaining("\"blue\"");
              assertThat(invalidFlags(context.getStartupFailure()).flagKey()).isEqualTo("checkout");
            });
  }

  @Test
  void misspeltSettingFailsStartup() {
    contextRunner
        .withPropertyValues(NEW_PRICING)
        .withPropertyValues("contextkit.flags.new-pricing.enabeld=false")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("new-pricing")
                    .hasMessageContaining("enabeld"));
  }

  @Test
  void unquotedYamlOnOffVariantsGetAHint() {
    // What SnakeYAML makes of "on: true" / "off: false" under variants.
    contextRunner
        .withPropertyValues(
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
              // An invalid change keeps what is served and reports it on the endpoint.
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(
                      new MapPropertySource(
                          "broken", Map.of("contextkit.flags.new-pricing.default-variant", "x")));
              context.publishEvent(
                  new EnvironmentChangeEvent(
                      context, Set.of("contextkit.flags.new-pricing.default-variant")));
              assertThat(evaluateAs(client, silver)).isTrue();
              assertThat(context.getBean(ContextKitFlagProvider.class).lastReloadError())
                  .isNotNull();
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
              // A reload that fails is reported, and the served definitions stay.
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(
                      new MapPropertySource(
                          "broken", Map.of("contextkit.flags.new-pricing.default-variant", "x")));
              assertThat(context.getBean(FlagReloader.class).reload()).isFalse();
              FlagsDescriptor after = context.getBean(ContextKitFlagsEndpoint.class).flags();
              assertThat(after.lastReloadError()).isNotNull();
              assertThat(after.lastReloadError().message())
                  .contains("new-pricing")
                  .contains("\"x\"");
              assertThat(after.flags().get("new-pricing").defaultVariant()).isEqualTo("off");
            });
  }
}
