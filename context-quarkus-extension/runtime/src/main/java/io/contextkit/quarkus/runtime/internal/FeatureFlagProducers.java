package io.contextkit.quarkus.runtime.internal;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagDefinitionsLoader;
import io.contextkit.flags.FlagEvaluationHook;
import io.contextkit.flags.RequestContextEvaluationContext;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Feature flags from {@code quarkus.contextkit.flags.*} (the property form of {@link
 * FlagDefinitionsLoader}), served by a {@link ContextKitFlagProvider} registered with OpenFeature
 * together with the evaluation-recording hook and the request-context evaluation context.
 */
@Singleton
public final class FeatureFlagProducers {

  /** The prefix of flag definitions. */
  public static final String PREFIX = "quarkus.contextkit.flags.";

  /** The provider, registered as OpenFeature's default provider; a user bean replaces it. */
  @Produces
  @Singleton
  @DefaultBean
  ContextKitFlagProvider flagProvider() {
    Config config = ConfigProvider.getConfig();
    // Sorted: errors are reported in the same order on every start.
    Map<String, String> properties = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        Optional<String> value = config.getOptionalValue(name, String.class);
        if (value.isPresent()) {
          properties.put(name, value.get());
        }
      }
    }
    ContextKitFlagProvider provider =
        new ContextKitFlagProvider(FlagDefinitionsLoader.fromProperties(properties, PREFIX));
    OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    api.setTransactionContextPropagator(new RequestContextEvaluationContext());
    api.addHooks(new FlagEvaluationHook());
    api.setProviderAndWait(provider);
    return provider;
  }

  /** The OpenFeature client of the default domain, evaluating against the request context. */
  @Produces
  @Singleton
  @DefaultBean
  Client openFeatureClient(ContextKitFlagProvider provider) {
    return OpenFeatureAPI.getInstance().getClient();
  }
}
