package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Classifies RabbitMQ beans for the inventory. Loaded only with spring-rabbit. */
final class RabbitChecks {

  private RabbitChecks() {}

  static EffectChannel classify(
      String name, @Nullable Object bean, Class<?> type, boolean guardInstalled) {
    if (RabbitTemplate.class.isAssignableFrom(type)) {
      if (bean == null) {
        return guardInstalled
            ? EffectChannel.guarded(Kind.RABBIT, name, "TRACE publishes captured when created")
            : EffectChannel.unguarded(Kind.RABBIT, name, "the TRACE Rabbit guard is not installed");
      }
      return TraceRabbitConnectionFactories.isWrapped(
              ((RabbitTemplate) bean).getConnectionFactory())
          ? EffectChannel.guarded(
              Kind.RABBIT,
              name,
              "TRACE publishes captured (guarded view of its connection factory)")
          : EffectChannel.unguarded(
              Kind.RABBIT,
              name,
              "its connection factory is not guarded (a routing connection factory?)");
    }
    // The connection factory bean keeps its type (applications inject it by class): what goes
    // through it is guarded where it is published, by the templates and the listener replies.
    return guardInstalled
        ? EffectChannel.guarded(
            Kind.RABBIT,
            name,
            "publishes of RabbitTemplate beans and @RabbitListener replies are captured; channels"
                + " the application opens on it itself are not")
        : EffectChannel.unguarded(Kind.RABBIT, name, "the TRACE Rabbit guard is not installed");
  }
}
