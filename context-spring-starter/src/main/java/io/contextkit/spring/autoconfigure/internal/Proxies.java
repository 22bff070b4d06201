package io.contextkit.spring.autoconfigure.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The JDK-proxy plumbing of the messaging wrappers (JMS and AMQP connection factories and what they
 * hand out): a proxy keeps every public interface of the object it wraps, so a wrapped {@code
 * CachingConnectionFactory} is still a {@code DisposableBean}, a cached JMS session still a {@code
 * SessionProxy}; its identity is its own ({@code equals} is {@code ==} on the proxy, {@code
 * hashCode} the identity hash); an exception thrown by the wrapped object reaches the caller as
 * itself, not wrapped in an {@link InvocationTargetException}.
 *
 * <p>What a wrapper intercepts, and what it does when no proxy can be made, is each wrapper's own
 * business: see {@link ForwardingHandler#intercept}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class Proxies {

  private Proxies() {}

  /**
   * A proxy of {@code target} implementing all public interfaces of its class and {@code extra},
   * dispatching to {@code handler}.
   *
   * @throws IllegalArgumentException when no such proxy can be made (an interface is not visible
   *     from the class loader of {@code target})
   */
  public static Object create(Object target, ForwardingHandler handler, Class<?>... extra) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    for (Class<?> type : ClassUtils.getAllInterfacesAsSet(target)) {
      // A proxy cannot implement a non-public interface of another package.
      if (Modifier.isPublic(type.getModifiers())) {
        interfaces.add(type);
      }
    }
    for (Class<?> type : extra) {
      interfaces.add(type);
    }
    return Proxy.newProxyInstance(
        target.getClass().getClassLoader(), interfaces.toArray(new Class<?>[0]), handler);
  }

  /**
   * The handler of {@code candidate} when it is a JDK proxy whose handler is a {@code handlerType},
   * else {@code null}.
   */
  public static <H extends InvocationHandler> @Nullable H handlerOf(
      Object candidate, Class<H> handlerType) {
    if (Proxy.isProxyClass(candidate.getClass())) {
      InvocationHandler handler = Proxy.getInvocationHandler(candidate);
      if (handlerType.isInstance(handler)) {
        return handlerType.cast(handler);
      }
    }
    return null;
  }

  /**
   * Whether {@code candidate} is a JDK proxy whose handler is a {@code handlerType}: one of the
   * wrappers that handler type makes, not merely any proxy.
   */
  public static boolean isProxyOf(
      Object candidate, Class<? extends InvocationHandler> handlerType) {
    return handlerOf(candidate, handlerType) != null;
  }

  /**
   * The handler of one wrapped object. It answers {@code equals}, {@code hashCode} and {@code
   * toString} itself ({@code toString} is {@code label[target]}) and hands every other call to
   * {@link #intercept}, which decides and may call {@link #forward}. Thread-safe when the subclass
   * is.
   */
  public abstract static class ForwardingHandler implements InvocationHandler {

    private final Object target;
    private final String label;

    /**
     * @param target the wrapped object
     * @param label names the wrapper in {@code toString}, e.g. {@code ContextKit}
     */
    protected ForwardingHandler(Object target, String label) {
      this.target = target;
      this.label = label;
    }

    /** The wrapped object. */
    public final Object target() {
      return target;
    }

    @Override
    public final @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals":
            return args != null && args[0] == proxy;
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return label + "[" + target + "]";
          default:
            break;
        }
      }
      return intercept(proxy, method, args);
    }

    /**
     * Handles one call on {@code proxy} other than {@code equals}, {@code hashCode} and {@code
     * toString}: typically decides, then {@linkplain #forward forwards} and wraps what the call
     * returns.
     */
    protected abstract @Nullable Object intercept(
        Object proxy, Method method, @Nullable Object[] args) throws Throwable;

    /**
     * Calls {@code method} on the wrapped object; what it throws is rethrown as itself.
     *
     * @return what the wrapped object returned
     */
    protected final @Nullable Object forward(Method method, @Nullable Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getTargetException();
      }
    }
  }
}
