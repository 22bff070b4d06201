package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.internal.PropagatingHttpClient;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceGuardFactory;
import io.contextkit.noop.TraceGuardHttpClient;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;

/** Produces the TRACE guards; an application bean of the same type replaces each. */
@Singleton
public final class TraceProducers {

  /** The outbound HTTP guard of {@code quarkus.contextkit.trace.*}. */
  @Produces
  @Singleton
  @DefaultBean
  OutboundTraceGuard outboundTraceGuard(
      ContextPropagator propagator, ContextKitRuntimeConfig config) {
    return TraceGuardFactory.outbound(propagator, QuarkusSettings.of(config), QuarkusSettings.KEYS);
  }

  /** The messaging guard of {@code quarkus.contextkit.messaging.internal-destinations}. */
  @Produces
  @Singleton
  @DefaultBean
  MessageTraceGuard messageTraceGuard(ContextKitRuntimeConfig config) {
    return TraceGuardFactory.messages(QuarkusSettings.of(config), QuarkusSettings.KEYS);
  }

  /**
   * A JDK {@link HttpClient} for the application to inject: it writes the context onto every
   * request as the trust policy allows, and applies the TRACE guard ({@link TraceGuardHttpClient}).
   */
  @Produces
  @Singleton
  @DefaultBean
  HttpClient httpClient(ContextPropagator propagator, OutboundTraceGuard guard) {
    return TraceGuardHttpClient.wrap(
        PropagatingHttpClient.wrap(HttpClient.newHttpClient(), propagator), guard);
  }
}
