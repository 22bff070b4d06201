package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.config.ContextKitFactory;
import io.contextkit.config.IdentityRules;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.trust.MessagingDestinations;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.Unremovable;
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

  /**
   * The messaging trust boundary of {@code quarkus.contextkit.messaging.internal-destinations}: a
   * STANDARD message to one of them carries the whole context, to any other destination what {@code
   * trust.third-party-policy} allows (every connector, as on Spring); a TRACE message is only sent
   * to one of them. An application bean replaces it.
   */
  @Produces
  @Singleton
  @DefaultBean
  MessagingDestinations messagingDestinations(ContextKitRuntimeConfig config) {
    return ContextKitFactory.messagingDestinations(
        QuarkusSettings.of(config), QuarkusSettings.KEYS);
  }

  /**
   * How the authenticated caller fills the context and whether it may start TRACE: {@code
   * quarkus.contextkit.identity.*} and {@code quarkus.contextkit.trace.permission*}. Built at
   * startup (see {@code ContextKitRecorder#initPropagator}), with or without quarkus-security, so
   * that a blank claim name or permission stops the application naming its key.
   */
  @Produces
  @Singleton
  @Unremovable
  IdentityRules identityRules(ContextKitRuntimeConfig config) {
    return ContextKitFactory.identityRules(QuarkusSettings.of(config), QuarkusSettings.KEYS);
  }
}
