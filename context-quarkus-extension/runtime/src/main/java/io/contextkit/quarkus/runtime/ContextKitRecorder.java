package io.contextkit.quarkus.runtime;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.internal.MdcProjection;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.quarkus.runtime.internal.DuplicatedContextMdcProjection;
import io.contextkit.quarkus.runtime.internal.FlatContextJsonFormatter;
import io.contextkit.quarkus.runtime.internal.LogRecordContext;
import io.contextkit.quarkus.runtime.internal.RequestContexts;
import io.contextkit.quarkus.runtime.internal.TraceJdbcGuardCheck;
import io.contextkit.quarkus.runtime.internal.TraceReactiveGuardCheck;
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
   * stops the application with a message naming the key instead of failing the first request.
   */
  public void initPropagator(BeanContainer container) {
    container.beanInstance(ContextPropagator.class).trustPolicy();
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
   * Checks that every Agroal datasource is guarded by {@link TraceGuardDriver} (a warning, or a
   * startup failure when {@code quarkus.contextkit.trace.require-jdbc-guard=true}).
   */
  public void checkJdbcGuard(BeanContainer container) {
    container.beanInstance(TraceJdbcGuardCheck.class).check();
  }

  /**
   * Records which reactive datasource pools are not guarded (TRACE is then refused) and logs them,
   * with the pool beans that are not a reactive datasource's.
   */
  public void checkReactiveGuards(
      BeanContainer container, List<String> unguardedDataSources, List<String> otherPoolBeans) {
    container
        .beanInstance(TraceReactiveGuardCheck.class)
        .report(unguardedDataSources, otherPoolBeans);
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
  }
}
