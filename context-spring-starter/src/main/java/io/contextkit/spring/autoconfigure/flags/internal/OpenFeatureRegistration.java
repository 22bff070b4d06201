package io.contextkit.spring.autoconfigure.flags.internal;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.NoOpTransactionContextPropagator;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.contextkit.flags.FlagEvaluationHook;
import io.contextkit.flags.RequestContextEvaluationContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/**
 * Registers a provider with the process-wide {@link OpenFeatureAPI}: as the default provider (so
 * {@code OpenFeatureAPI.getInstance().getClient()} works) and under a domain of its own, which the
 * {@link #client() client} is bound to, so that the client keeps evaluating this application's
 * provider even when another application context in the same JVM (tests) registers its own default.
 * Adds the {@link FlagEvaluationHook} once, and installs {@link RequestContextEvaluationContext} as
 * the transaction context propagator unless the application installed another one.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class OpenFeatureRegistration implements DisposableBean {

  private static final AtomicInteger DOMAINS = new AtomicInteger();

  private final OpenFeatureAPI api;
  private final FeatureProvider provider;
  private final String domain;

  public OpenFeatureRegistration(OpenFeatureAPI api, FeatureProvider provider) {
    this.api = api;
    this.provider = provider;
    this.domain = "contextkit-spring-" + DOMAINS.incrementAndGet();
    synchronized (OpenFeatureRegistration.class) {
      api.setProviderAndWait(provider);
      api.setProviderAndWait(domain, provider);
      if (!hasRecordingHook(api)) {
        api.addHooks(new FlagEvaluationHook());
      }
      if (api.getTransactionContextPropagator() instanceof NoOpTransactionContextPropagator) {
        api.setTransactionContextPropagator(new RequestContextEvaluationContext());
      }
    }
  }

  private static boolean hasRecordingHook(OpenFeatureAPI api) {
    for (Hook<?> hook : api.getHooks()) {
      if (hook instanceof FlagEvaluationHook) {
        return true;
      }
    }
    return false;
  }

  /** The registered provider. */
  public FeatureProvider provider() {
    return provider;
  }

  /** The domain the provider is bound to. */
  public String domain() {
    return domain;
  }

  /** A client bound to this registration's provider. */
  public Client client() {
    return api.getClient(domain);
  }

  @Override
  public void destroy() {
    synchronized (OpenFeatureRegistration.class) {
      api.setProvider(domain, new NoOpProvider());
      if (api.getProvider() == provider) {
        api.setProvider(new NoOpProvider());
      }
    }
  }
}
