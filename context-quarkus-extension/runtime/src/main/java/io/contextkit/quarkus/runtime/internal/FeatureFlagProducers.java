package io.contextkit.quarkus.runtime.internal;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagDefinitionException;
import io.contextkit.flags.FlagDefinitions;
import io.contextkit.flags.FlagDefinitionsLoader;
import io.contextkit.flags.FlagEvaluationHook;
import io.contextkit.flags.RequestContextEvaluationContext;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feature flags from {@code quarkus.contextkit.flags.*} (the property form of {@link
 * FlagDefinitionsLoader}), served by a {@link ContextKitFlagProvider} registered with OpenFeature
 * together with the evaluation-recording hook and the request-context evaluation context. Built at
 * startup ({@link io.contextkit.quarkus.runtime.ContextKitRecorder#initFlags}): a document flagd
 * would refuse, or with {@code quarkus.contextkit.flags.strict=true} any problem, stops the
 * application with a message naming the flag; otherwise each flag loads on its own, as in flagd,
 * and the provider logs the problems of the invalid ones.
 */
@Singleton
public final class FeatureFlagProducers {

  /** The prefix of flag definitions. */
  public static final String PREFIX = "quarkus.contextkit.flags.";

  /** The provider, registered as OpenFeature's default provider; a user bean replaces it. */
  @Produces
  @Singleton
  @DefaultBean
  ContextKitFlagProvider flagProvider(ContextKitRuntimeConfig config) {
    // Sorted: errors are reported in the same order on every start.
    Map<String, String> properties = new TreeMap<>();
    for (Map.Entry<String, String> flag : config.flags().entrySet()) {
      properties.put(PREFIX + flag.getKey(), flag.getValue());
    }
    FlagDefinitions definitions;
    try {
      definitions = FlagDefinitionsLoader.fromProperties(properties, PREFIX);
    } catch (FlagDefinitionException e) {
      String key = e.flagKey() == null ? "" : e.flagKey();
      throw new IllegalArgumentException("Invalid " + PREFIX + key + ": " + e.getMessage(), e);
    }
    ContextKitFlagProvider provider = new ContextKitFlagProvider(definitions);
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
