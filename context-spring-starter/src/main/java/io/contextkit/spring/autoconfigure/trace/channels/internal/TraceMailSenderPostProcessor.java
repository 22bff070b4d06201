package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.noop.TraceGuarded;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.mail.MailSender;

/**
 * Guards every {@link MailSender} bean ({@code JavaMailSender} included) with a {@link
 * TraceMailInterceptor}; the guarded bean is still of its class when it can be subclassed (Boot's
 * {@code JavaMailSenderImpl}) and implements {@link TraceGuarded}. Never twice; scoped targets are
 * left to their proxy.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceMailSenderPostProcessor implements BeanPostProcessor {

  private final TraceMailInterceptor interceptor = new TraceMailInterceptor();

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof MailSender)
        || bean instanceof TraceGuarded
        || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    return GuardedProxies.create(bean, interceptor);
  }
}
