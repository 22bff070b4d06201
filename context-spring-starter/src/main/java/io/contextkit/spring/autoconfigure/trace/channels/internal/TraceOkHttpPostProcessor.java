package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.noop.OutboundTraceGuard;
import okhttp3.OkHttpClient;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Replaces every {@link OkHttpClient} bean by a copy with the guard ({@link TraceGuardOkHttp}):
 * {@code OkHttpClient} is final, so the bean becomes a new instance sharing the original's
 * connection pool, dispatcher and settings. Never twice; scoped targets are left to their proxy.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceOkHttpPostProcessor implements BeanPostProcessor {

  private final ObjectProvider<OutboundTraceGuard> guard;

  public TraceOkHttpPostProcessor(ObjectProvider<OutboundTraceGuard> guard) {
    this.guard = guard;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof OkHttpClient client) || ScopedProxyUtils.isScopedTarget(beanName)) {
      return bean;
    }
    return TraceGuardOkHttp.guard(client, guard::getObject);
  }
}
