package io.contextkit.spring.autoconfigure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ProxiesTest {

  @Test
  void keepsEveryPublicInterfaceOfTheTargetAndAddsTheExtraOnes() {
    Object proxy = Proxies.create(new Resource(), new Recording(new Resource()), Callable.class);

    assertThat(proxy).isInstanceOf(Runnable.class).isInstanceOf(AutoCloseable.class);
    assertThat(proxy).isInstanceOf(Callable.class);
  }

  @Test
  void leavesOutNonPublicInterfaces() {
    Object proxy = Proxies.create(new Hidden(), new Recording(new Hidden()));

    assertThat(proxy).isInstanceOf(Runnable.class).isNotInstanceOf(PackagePrivate.class);
  }

  @Test
  void answersEqualsHashCodeAndToStringItselfWithoutReachingTheTarget() {
    Resource target = new Resource();
    Recording handler = new Recording(target);
    Object proxy = Proxies.create(target, handler);
    Object other = Proxies.create(target, new Recording(target));

    assertThat(proxy.equals(proxy)).isTrue();
    assertThat(proxy.equals(other)).isFalse();
    assertThat(proxy.equals(target)).isFalse();
    assertThat(proxy.hashCode()).isEqualTo(System.identityHashCode(proxy));
    assertThat(proxy).hasToString("Test[resource]");
    assertThat(handler.intercepted).isEmpty();
  }

  @Test
  void hidesNothingElseFromTheSubclassAndForwardsToTheTarget() throws Exception {
    Resource target = new Resource();
    Recording handler = new Recording(target);
    Runnable proxy = (Runnable) Proxies.create(target, handler);

    proxy.run();

    assertThat(handler.intercepted).containsExactly("run");
    assertThat(target.runs).isEqualTo(1);
  }

  @Test
  void rethrowsWhatTheTargetThrowsAsItself() {
    Resource target = new Resource();
    AutoCloseable proxy = (AutoCloseable) Proxies.create(target, new Recording(target));

    assertThatThrownBy(proxy::close).isInstanceOf(IOException.class).hasMessage("closed twice");
  }

  @Test
  void recognisesOnlyProxiesOfTheGivenHandlerType() {
    Resource target = new Resource();
    Recording handler = new Recording(target);
    Object proxy = Proxies.create(target, handler);
    Object foreign =
        java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Runnable.class}, (p, m, a) -> null);

    assertThat(Proxies.isProxyOf(proxy, Recording.class)).isTrue();
    assertThat(Proxies.handlerOf(proxy, Recording.class)).isSameAs(handler);
    assertThat(handler.target()).isSameAs(target);
    assertThat(Proxies.isProxyOf(proxy, Other.class)).isFalse();
    assertThat(Proxies.isProxyOf(foreign, Recording.class)).isFalse();
    assertThat(Proxies.isProxyOf(target, Recording.class)).isFalse();
    assertThat(Proxies.handlerOf(target, Recording.class)).isNull();
  }

  /** Records what reaches {@link #intercept}, then forwards. */
  private static class Recording extends Proxies.ForwardingHandler {
    final List<String> intercepted = new ArrayList<>();

    Recording(Object target) {
      super(target, "Test");
    }

    @Override
    protected @Nullable Object intercept(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      intercepted.add(method.getName());
      return forward(method, args);
    }
  }

  private static final class Other extends Recording {
    Other(Object target) {
      super(target);
    }
  }

  private static final class Resource implements Runnable, AutoCloseable {
    int runs;

    @Override
    public void run() {
      runs++;
    }

    @Override
    public void close() throws IOException {
      throw new IOException("closed twice");
    }

    @Override
    public String toString() {
      return "resource";
    }
  }

  interface PackagePrivate {}

  private static final class Hidden implements Runnable, PackagePrivate {
    @Override
    public void run() {}
  }
}
