package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.TraceGuardConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Classifies R2DBC {@code ConnectionFactory} beans for the inventory: guarded when the bean is, or
 * sits on, a {@link TraceGuardConnectionFactory}; the beans {@link
 * TraceConnectionFactoryPostProcessor} leaves unwrapped (routing factories, an explicit destroy
 * method it cannot keep) are unguarded, saying why. Loaded only with r2dbc-spi and Reactor.
 */
final class R2dbcChecks {

  private static final String GUARD =
      "R2DBC backstop (TraceGuardConnectionFactory): commits rolled back, autocommit writes held";

  private R2dbcChecks() {}

  static EffectChannel classify(
      String name,
      @Nullable Object bean,
      Class<?> type,
      boolean guardInstalled,
      ConfigurableListableBeanFactory beans) {
    if (bean instanceof ConnectionFactory factory
        && TraceGuardConnectionFactory.isGuarded(factory)) {
      return EffectChannel.guarded(Kind.R2DBC_CONNECTION_FACTORY, name, GUARD);
    }
    String unguarded = skipped(name, type, guardInstalled, beans);
    if (bean == null && unguarded == null) {
      return EffectChannel.guarded(Kind.R2DBC_CONNECTION_FACTORY, name, GUARD + " when created");
    }
    return EffectChannel.unguarded(
        Kind.R2DBC_CONNECTION_FACTORY,
        name,
        unguarded == null ? "not wrapped by the R2DBC guard" : unguarded);
  }

  /** Why the post-processor leaves this bean unwrapped, or null when it wraps it. */
  private static @Nullable String skipped(
      String name, Class<?> type, boolean guardInstalled, ConfigurableListableBeanFactory beans) {
    if (!guardInstalled) {
      return "the R2DBC guard is not installed";
    }
    if (TraceConnectionFactoryPostProcessor.isRouting(type)) {
      return "routing connection factory, not wrapped: only its targets that are beans of their own"
          + " are guarded";
    }
    String destroyMethod = TraceConnectionFactoryPostProcessor.explicitDestroyMethod(beans, name);
    if (destroyMethod != null) {
      return "not wrapped (its destroy method '"
          + destroyMethod
          + "' would be lost): its transaction manager rolls TRACE transactions back, but"
          + " autocommit writes through it are not held";
    }
    return null;
  }
}
