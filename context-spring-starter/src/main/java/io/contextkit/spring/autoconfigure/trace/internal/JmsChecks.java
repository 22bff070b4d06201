package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import org.jspecify.annotations.Nullable;

/** Classifies JMS beans for the inventory. Loaded only with a JMS API. */
final class JmsChecks {

  private static final String GUARD = "TRACE messages captured (wrapped connection factory)";

  private static final @Nullable Class<?> JMS_TEMPLATE =
      EffectChannelScanner.resolve("org.springframework.jms.core.JmsTemplate");

  private JmsChecks() {}

  static EffectChannel classify(
      String name, @Nullable Object bean, Class<?> type, boolean guardInstalled) {
    boolean template = JMS_TEMPLATE != null && JMS_TEMPLATE.isAssignableFrom(type);
    if (bean == null) {
      return guardInstalled && !template
          ? EffectChannel.guarded(Kind.JMS_CONNECTION_FACTORY, name, GUARD + " when created")
          : EffectChannel.unguarded(
              Kind.JMS_CONNECTION_FACTORY, name, "not created yet, not guarded");
    }
    Object factory = template ? Templates.connectionFactory(bean) : bean;
    return factory != null && TraceJmsConnectionFactories.isWrapped(factory)
        ? EffectChannel.guarded(Kind.JMS_CONNECTION_FACTORY, name, GUARD)
        : EffectChannel.unguarded(
            Kind.JMS_CONNECTION_FACTORY,
            name,
            (template ? "its connection factory " : "") + "is not wrapped by the TRACE guard");
  }

  /** Loaded only with spring-jms. */
  private static final class Templates {
    static @Nullable Object connectionFactory(Object template) {
      return ((org.springframework.jms.core.JmsTemplate) template).getConnectionFactory();
    }
  }
}
