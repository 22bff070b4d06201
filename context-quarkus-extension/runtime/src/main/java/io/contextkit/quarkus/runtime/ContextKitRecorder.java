package io.contextkit.quarkus.runtime;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.config.IdentityRules;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.internal.MdcProjection;
import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.quarkus.runtime.internal.ContextTextFormatter;
import io.contextkit.quarkus.runtime.internal.DuplicatedContextMdcProjection;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.contextkit.quarkus.runtime.internal.FlatContextJsonFormatter;
import io.contextkit.quarkus.runtime.internal.JdbcGuards;
import io.contextkit.quarkus.runtime.internal.LogRecordContext;
import io.contextkit.quarkus.runtime.internal.RemovedKeys;
import io.contextkit.quarkus.runtime.internal.RequestContexts;
import io.contextkit.spi.ContextProjection;
import io.quarkus.arc.runtime.BeanContainer;
import io.quarkus.runtime.annotations.Recorder;
import java.util.ArrayList;
import java.util.List;

/** Runtime steps of the extension; each delegates to plain runtime code. */
@Recorder
public class ContextKitRecorder {

  /**
   * Builds the propagator bean at startup, so that an invalid {@code quarkus.contextkit.*} setting
   * stops the application with a message naming the key instead of failing the first request; so
   * does a removed key that changed behaviour ({@code messaging.kafka.outbound-policy}).
   */
  public void initPropagator(BeanContainer container) {
    RemovedKeys.check();
    container.beanInstance(ContextPropagator.class).trustPolicy();
    container.beanInstance(IdentityRules.class).traceAuthorities();
  }

  /**
   * Builds the TRACE guards at startup, so that an invalid {@code quarkus.contextkit.trace.*} or
   * {@code quarkus.contextkit.messaging.*} setting stops the application with a message naming the
   * key instead of failing the first TRACE request.
   */
  public void initTraceGuards(BeanContainer container) {
    container.beanInstance(OutboundTraceGuard.class);
    container.beanInstance(MessageTraceGuard.class);
  }

  /**
   * Builds the inventory of effect channels and the TRACE policy, and logs the startup line: an
   * invalid safe declaration, or an unguarded datasource under {@code
   * quarkus.contextkit.trace.require-jdbc-guard=true}, stops the application naming the key.
   *
   * @param buildTime the channels the build found (contributions of guards first), encoded
   * @param agroal whether quarkus-agroal is present
   * @param connectorGuards the TRACE guard of each messaging connector present, encoded
   */
  public void initEffectChannels(
      BeanContainer container,
      List<String> buildTime,
      boolean agroal,
      List<String> connectorGuards) {
    List<EffectChannel> dataSources =
        agroal ? container.beanInstance(JdbcGuards.class).channels() : List.of();
    container.beanInstance(EffectChannels.class).init(buildTime, dataSources, connectorGuards);
  }

  /** Tells the JDBC guard that the build put its interceptor on Agroal's datasource factory. */
  public void jdbcGuardInterceptorInstalled() {
    JdbcGuards.interceptorInstalled();
  }

  /**
   * Builds the flag provider at startup, so that the problems of {@code quarkus.contextkit.flags.*}
   * definitions are logged when the application starts, and a definition that cannot be loaded (any
   * problem, with {@code quarkus.contextkit.flags.strict=true}) stops the application with a
   * message naming the flag instead of failing the first evaluation.
   */
  public void initFlags(BeanContainer container) {
    container.beanInstance(ContextKitFlagProvider.class);
  }

  /**
   * Replaces the core MDC projection by one aware of Quarkus' per-request MDC map (see {@link
   * DuplicatedContextMdcProjection}); other projections stay as they are.
   */
  public void installProjections() {
    List<ContextProjection> projections = new ArrayList<>();
    for (ContextProjection projection : ContextKit.projections()) {
      projections.add(
          projection instanceof MdcProjection ? new DuplicatedContextMdcProjection() : projection);
    }
    ContextKit.setProjections(projections);
  }

  /**
   * Installs the locator of the request a thread works for outside any scope: the request whose
   * Vert.x duplicated context the thread runs in (see {@link RequestContexts}).
   */
  public void installLocator() {
    ContextKit.setLocator(RequestContexts.LOCATOR);
  }

  /**
   * Makes the handlers Quarkus configured write the logging thread's context into each record (see
   * {@link LogRecordContext}); runs once logging is set up.
   */
  public void installLogRecordContext() {
    LogRecordContext.install();
    // With quarkus-logging-json: the context fields as top-level keys, as on Spring.
    FlatContextJsonFormatter.install();
    // Quarkus' default text pattern names no MDC key: request_id and trace_id on request lines.
    ContextTextFormatter.installIfDefaultConsoleFormat();
  }
}
