package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.internal.PropagatingHttpClient;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceGuardFactory;
import io.contextkit.noop.TraceGuardHttpClient;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.trust.MessagingDestinations;
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

  /**
   * The messaging guard: the internal destinations of the {@link MessagingDestinations} bean, with
   * {@code quarkus.contextkit.trace.captured-destinations} always captured.
   */
  @Produces
  @Singleton
  @DefaultBean
  MessageTraceGuard messageTraceGuard(
      MessagingDestinations destinations, ContextKitRuntimeConfig config) {
    return TraceGuardFactory.messages(
        destinations, QuarkusSettings.of(config), QuarkusSettings.KEYS);
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
