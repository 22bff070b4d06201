package io.contextkit.spring.autoconfigure.flags;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.flags.internal.FlagProperties;
import io.contextkit.spring.autoconfigure.flags.internal.FlagReloader;
import io.contextkit.spring.autoconfigure.flags.internal.OpenFeatureRegistration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of feature flags: ContextKit's OpenFeature provider serving the flags defined
 * under {@code contextkit.flags.*} (and {@code contextkit.flags.file}), registered with the {@link
 * OpenFeatureAPI} together with the evaluation-recording hook and the request-context evaluation
 * context, and an OpenFeature {@link Client} bean.
 *
 * <pre>{@code
 * contextkit:
 *   flags:
 *     new-pricing:
 *       variants: { "on": true, "off": false }
 *       default-variant: "off"
 *       targeting: '{"if":[{"==":[{"var":"license"},"gold"]},"on","off"]}'
 * }</pre>
 *
 * <p>Definitions load as flagd loads them: each flag on its own, so an invalid flag answers the
 * caller's default with reason ERROR, is logged once and is listed with its problems by the {@code
 * flags} endpoint, while the other flags are served. Only a document flagd refuses as a whole (a
 * flags file that is not JSON, say) fails startup, with a message naming the problem; with {@code
 * contextkit.flags.strict=true} any problem does, naming the flag. The definitions are reloaded
 * when a flags file on the file system changes and, with Spring Cloud, when an {@code
 * EnvironmentChangeEvent} touches {@code contextkit.flags.*}; a reload that fails keeps the
 * previous definitions. Backs off: a {@code FeatureProvider} bean of the application replaces
 * ContextKit's provider (and is registered with the hook and evaluation context instead); a {@code
 * Client} bean of the application replaces the client.
 */
@AutoConfiguration(after = ContextKitAutoConfiguration.class)
@ConditionalOnClass({ContextKitFlagProvider.class, OpenFeatureAPI.class})
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.flags.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ContextKitProperties.class)
public final class ContextKitFlagsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  OpenFeatureAPI openFeatureApi() {
    return OpenFeatureAPI.getInstance();
  }

  @Bean
  @ConditionalOnMissingBean
  FlagProperties contextKitFlagProperties(Environment environment) {
    return new FlagProperties(environment);
  }

  @Bean
  @ConditionalOnMissingBean(FeatureProvider.class)
  ContextKitFlagProvider contextKitFlagProvider(FlagProperties properties) {
    return new ContextKitFlagProvider(properties.load());
  }

  @Bean
  @ConditionalOnSingleCandidate(FeatureProvider.class)
  @ConditionalOnMissingBean
  OpenFeatureRegistration contextKitOpenFeatureRegistration(
      OpenFeatureAPI api, FeatureProvider provider) {
    return new OpenFeatureRegistration(api, provider);
  }

  @Bean
  @ConditionalOnBean(OpenFeatureRegistration.class)
  @ConditionalOnMissingBean
  Client openFeatureClient(OpenFeatureRegistration registration) {
    return registration.client();
  }

  @Bean
  @ConditionalOnBean(ContextKitFlagProvider.class)
  @ConditionalOnMissingBean
  FlagReloader contextKitFlagReloader(
      ContextKitFlagProvider provider, FlagProperties properties, ContextKitProperties config) {
    return new FlagReloader(provider, properties, config.getFlags().getWatchInterval());
  }
}
