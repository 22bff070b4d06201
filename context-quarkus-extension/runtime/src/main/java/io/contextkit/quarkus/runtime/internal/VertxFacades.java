package io.contextkit.quarkus.runtime.internal;

import io.contextkit.noop.TraceGuarded;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Makes the guards look like the driver's own objects. A reactive datasource's pool bean has the
 * driver's pool type as well ({@code io.vertx.pgclient.PgPool}: Quarkus' Mutiny pool is built from
 * it by a cast), and a pooled connection is the driver's connection ({@code PgConnection}, which
 * the Mutiny API casts to). A facade is a dynamic proxy implementing those interfaces and {@link
 * TraceGuarded}: a method the guard implements (every {@code Pool}, {@code SqlClient} and {@code
 * SqlConnection} method, including the driver's covariant overrides of them) runs on the guard; any
 * other driver method (e.g. {@code PgConnection.notificationHandler}) runs on the wrapped object. A
 * fluent result (the guard or the wrapped object) is the facade.
 */
final class VertxFacades {

  private static final Map<Class<?>, Class<?>[]> CONNECTION_INTERFACES = new ConcurrentHashMap<>();

  private VertxFacades() {}

  /** The pool the application receives: the guard, also implementing {@code poolInterface}. */
  static Pool pool(TraceGuardedPool guard, Class<?> poolInterface) {
    if (poolInterface == Pool.class || !poolInterface.isInterface()) {
      return guard;
    }
    return (Pool)
        facade(guard, guard.delegate(), new Class<?>[] {poolInterface, TraceGuarded.class});
  }

  /** The connection the application receives: the guard, or a facade of the driver's type. */
  static SqlConnection connection(SqlConnection guarded) {
    if (!(guarded instanceof TraceGuardedConnection)) {
      return guarded;
    }
    TraceGuardedConnection guard = (TraceGuardedConnection) guarded;
    Class<?>[] interfaces =
        CONNECTION_INTERFACES.computeIfAbsent(
            guard.delegate().getClass(), VertxFacades::driverInterfaces);
    if (interfaces.length == 0) {
      return guard;
    }
    return (SqlConnection) facade(guard, guard.delegate(), interfaces);
  }

  /**
   * The public API interfaces of a driver connection class beyond what the guard implements (none
   * for a plain {@code SqlConnection}), plus {@link TraceGuarded}.
   */
  private static Class<?>[] driverInterfaces(Class<?> type) {
    Set<Class<?>> all = new LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      collect(c.getInterfaces(), all);
    }
    List<Class<?>> api = new ArrayList<>();
    boolean beyondGuard = false;
    for (Class<?> i : all) {
      String name = i.getName();
      if (!Modifier.isPublic(i.getModifiers())
          || name.contains(".impl.")
          || name.contains(".spi.")
          || !name.startsWith("io.vertx.")) {
        continue;
      }
      api.add(i);
      if (!i.isAssignableFrom(TraceGuardedConnection.class)) {
        beyondGuard = true;
      }
    }
    if (!beyondGuard) {
      return new Class<?>[0];
    }
    api.add(TraceGuarded.class);
    return api.toArray(new Class<?>[0]);
  }

  private static void collect(Class<?>[] interfaces, Set<Class<?>> into) {
    for (Class<?> i : interfaces) {
      if (into.add(i)) {
        collect(i.getInterfaces(), into);
      }
    }
  }

  private static Object facade(Object guard, Object delegate, Class<?>[] interfaces) {
    ClassLoader loader = interfaces[0].getClassLoader();
    try {
      if (Class.forName(TraceGuarded.class.getName(), false, loader) != TraceGuarded.class) {
        loader = VertxFacades.class.getClassLoader();
      }
    } catch (ClassNotFoundException e) {
      loader = VertxFacades.class.getClassLoader();
    }
    return Proxy.newProxyInstance(loader, interfaces, new Facade(guard, delegate));
  }

  /** Dispatches a facade's calls to the guard, or to the wrapped object for driver extras. */
  private static final class Facade implements InvocationHandler {

    private static final Map<Class<?>, Map<Method, Optional<Method>>> GUARD_METHODS =
        new ConcurrentHashMap<>();

    private final Object guard;
    private final Object delegate;

    Facade(Object guard, Object delegate) {
      this.guard = guard;
      this.delegate = delegate;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals":
            return args != null && proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          default:
            return guard.toString();
        }
      }
      Method onGuard =
          GUARD_METHODS
              .computeIfAbsent(guard.getClass(), c -> new ConcurrentHashMap<>())
              .computeIfAbsent(method, m -> guardMethod(guard.getClass(), m))
              .orElse(null);
      Object result;
      try {
        result = onGuard != null ? onGuard.invoke(guard, args) : method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      return result == guard || result == delegate ? proxy : result;
    }

    private static Optional<Method> guardMethod(Class<?> guardClass, Method method) {
      try {
        Method found = guardClass.getMethod(method.getName(), method.getParameterTypes());
        found.setAccessible(true);
        return Optional.of(found);
      } catch (NoSuchMethodException e) {
        return Optional.empty();
      }
    }
  }
}
