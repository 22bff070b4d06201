package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.spring.autoconfigure.messaging.ResolvedOnce;
import jakarta.jms.ConnectionFactory;
import java.util.function.Supplier;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every JMS {@link ConnectionFactory} bean (Boot's or the user's) with {@link
 * TraceJmsConnectionFactories#wrap}, so that everything sending through it applies the TRACE
 * messaging guard. Skips scoped-proxy targets; never wraps twice.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceJmsPostProcessor implements BeanPostProcessor {

  private final Supplier<MessageTraceGuard> guard;
  private final Supplier<ContextPropagator> propagator;

  /**
   * @param guard decides per message, resolved once on first TRACE send
   * @param propagator writes the context onto forwarded messages, resolved once on first use
   */
  public TraceJmsPostProcessor(
      Supplier<MessageTraceGuard> guard, Supplier<ContextPropagator> propagator) {
    this.guard = ResolvedOnce.of(guard);
    this.propagator = ResolvedOnce.of(propagator);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ConnectionFactory factory && !ScopedProxyUtils.isScopedTarget(beanName)) {
      return TraceJmsConnectionFactories.wrap(factory, guard, propagator);
    }
    return bean;
  }
}
