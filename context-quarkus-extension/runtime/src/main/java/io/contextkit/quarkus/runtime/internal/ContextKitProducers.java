package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.config.ContextKitFactory;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Produces the beans applications may replace with their own. */
@Singleton
public final class ContextKitProducers {

  /** The propagator built from {@code quarkus.contextkit.*}; an application bean replaces it. */
  @Produces
  @Singleton
  @DefaultBean
  ContextPropagator contextPropagator(ContextKitRuntimeConfig config) {
    return ContextKitFactory.propagator(QuarkusSettings.of(config), QuarkusSettings.KEYS);
  }
}
