package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceGuarded;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every Apache HttpClient 5 {@link CloseableHttpClient} bean in a {@link
 * TraceGuardApacheHttpClient}. Never twice; scoped targets are left to their proxy.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceApacheHttpClientPostProcessor implements BeanPostProcessor {

  private final ObjectProvider<OutboundTraceGuard> guard;

  public TraceApacheHttpClientPostProcessor(ObjectProvider<OutboundTraceGuard> guard) {
    this.guard = guard;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof CloseableHttpClient client)
        || bean instanceof TraceGuarded
        || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    return new TraceGuardApacheHttpClient(client, guard::getObject);
  }
}
