package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.noop.TraceGuarded;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.ClassUtils;

/**
 * Makes the guarded view of a bean: a Spring AOP proxy that implements {@link TraceGuarded} and
 * sends every call through one interceptor. The proxy subclasses the bean's class when it can, so
 * that what injects or checks the concrete type ({@code JavaMailSenderImpl} for Boot's mail health
 * indicator, {@code RedisCacheManager} for an application's own wiring) still finds it. It
 * implements the bean's interfaces instead when the class cannot be subclassed safely: final, not
 * public, a proxy already, or with a public final method (which a subclass proxy would answer from
 * its own, uninitialised fields).
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class GuardedProxies {

  private GuardedProxies() {}

  /** The guarded view of {@code target}; calls go through {@code interceptor}. */
  public static Object create(Object target, MethodInterceptor interceptor) {
    ProxyFactory factory = new ProxyFactory(target);
    factory.setProxyTargetClass(canSubclass(target.getClass()));
    factory.addInterface(TraceGuarded.class);
    factory.addAdvice(interceptor);
    return factory.getProxy(target.getClass().getClassLoader());
  }

  private static boolean canSubclass(Class<?> type) {
    return !Modifier.isFinal(type.getModifiers())
        && Modifier.isPublic(type.getModifiers())
        && !Proxy.isProxyClass(type)
        && !type.getName().contains(ClassUtils.CGLIB_CLASS_SEPARATOR)
        && !type.isSynthetic()
        && !hasPublicFinalMethod(type);
  }

  private static boolean hasPublicFinalMethod(Class<?> type) {
    for (Method method : type.getMethods()) {
      int modifiers = method.getModifiers();
      if (Modifier.isFinal(modifiers)
          && !Modifier.isStatic(modifiers)
          && method.getDeclaringClass() != Object.class) {
        return true;
      }
    }
    return false;
  }
}
