package io.contextkit.spring.autoconfigure.webflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.Test;

class RequestContextAccessorRegistrationTest {

  @Test
  void registersTheAccessorWhenMissing() {
    ContextRegistry registry = new ContextRegistry();

    RequestContextAccessorRegistration registration =
        new RequestContextAccessorRegistration(registry);

    assertThat(registration.registeredHere()).isTrue();
    assertThat(registry.getThreadLocalAccessors())
        .singleElement()
        .isInstanceOf(RequestContextThreadLocalAccessor.class);
  }

  @Test
  void movesTheAccessorBehindThoseRegisteredWhileTheApplicationStarted() {
    ContextRegistry registry = new ContextRegistry();
    RequestContextThreadLocalAccessor ours = new RequestContextThreadLocalAccessor();
    registry.registerThreadLocalAccessor(ours);
    RequestContextAccessorRegistration registration =
        new RequestContextAccessorRegistration(registry);
    registry.registerThreadLocalAccessor("tracer.observation", () -> null, v -> {}, () -> {});

    registration.afterSingletonsInstantiated();

    assertThat(registration.registeredHere()).isFalse();
    assertThat(registry.getThreadLocalAccessors())
        .extracting(ThreadLocalAccessor::key)
        .containsExactly("tracer.observation", RequestContextThreadLocalAccessor.KEY);
    assertThat(registry.getThreadLocalAccessors().get(1)).isSameAs(ours);
  }

  @Test
  void leavesAForeignAccessorUnderTheKeyAlone() {
    ContextRegistry registry = new ContextRegistry();
    registry.registerThreadLocalAccessor(
        RequestContextThreadLocalAccessor.KEY, () -> null, v -> {}, () -> {});
    registry.registerThreadLocalAccessor("other", () -> null, v -> {}, () -> {});
    RequestContextAccessorRegistration registration =
        new RequestContextAccessorRegistration(registry);

    registration.afterSingletonsInstantiated();

    assertThat(registration.registeredHere()).isFalse();
    assertThat(registry.getThreadLocalAccessors())
        .extracting(ThreadLocalAccessor::key)
        .containsExactly(RequestContextThreadLocalAccessor.KEY, "other");
  }
}
