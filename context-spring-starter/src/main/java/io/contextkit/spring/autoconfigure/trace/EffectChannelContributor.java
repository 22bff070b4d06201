package io.contextkit.spring.autoconfigure.trace;

import io.contextkit.noop.EffectChannel;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Contributes to the startup inventory of effect channels (see {@link
 * io.contextkit.noop.EffectChannelInventory}): a guard that protects a channel ContextKit does not
 * recognise, or recognises by other means than a {@link io.contextkit.noop.TraceGuarded} wrapper,
 * says so here; an application can also list a channel of its own (an SMS gateway client) so that
 * TRACE is refused until it is guarded or declared safe.
 *
 * <p>Declare it as a bean; every {@code EffectChannelContributor} bean is asked, in {@code @Order},
 * once the application context has created its singletons:
 *
 * <pre>{@code
 * @Bean
 * EffectChannelContributor smsGateway() {
 *   return (name, bean, type) ->
 *       SmsClient.class.isAssignableFrom(type)
 *           ? EffectChannel.unguarded(EffectChannel.Kind.OTHER, name, "SMS gateway, not guarded")
 *           : null;
 * }
 * }</pre>
 *
 * <p>A bean that is itself a {@code TraceGuarded} wrapper needs no contributor: it is reported as
 * guarded. The first contributor that classifies a bean decides; beans no contributor classifies
 * get ContextKit's own classification. Called on the thread that starts the application; must not
 * create beans.
 */
@FunctionalInterface
public interface EffectChannelContributor {

  /**
   * The channel bean {@code beanName} is, or {@code null} to leave it to the next contributor and
   * then to ContextKit.
   *
   * @param beanName the bean's name, which becomes the channel's name unless you choose another
   * @param bean the bean, or {@code null} when it is not created yet (lazy, prototype or another
   *     scope): classify it by {@code beanType} then
   * @param beanType the bean's type
   */
  @Nullable EffectChannel classify(String beanName, @Nullable Object bean, Class<?> beanType);

  /**
   * Channels that are not beans (a client a guard builds itself), listed before the beans'. Empty
   * by default.
   */
  default Collection<EffectChannel> channels() {
    return List.of();
  }
}
