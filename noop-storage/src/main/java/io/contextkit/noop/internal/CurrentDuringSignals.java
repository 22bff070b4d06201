package io.contextkit.noop.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Makes a request's context current on the thread that delivers each signal of a publisher, while
 * the subscriber handles it. The code a TRACE statement's results run synchronously — entity
 * callbacks, event listeners, a {@code subscribe()} they start on the spot — then sees the TRACE
 * context through {@link RequestContext#current()} even without Reactor's automatic context
 * propagation; a pipeline such code starts detached from the request's Reactor context is decided
 * by that thread-local, and so stays TRACE.
 */
final class CurrentDuringSignals {

  private CurrentDuringSignals() {}

  static <T> Flux<T> apply(Publisher<T> source, RequestContext context) {
    return Flux.from(source)
        .transform(
            Operators.<T, T>lift((scannable, actual) -> new ScopedSubscriber<>(actual, context)));
  }

  private static final class ScopedSubscriber<T> implements CoreSubscriber<T>, Subscription {

    private final CoreSubscriber<? super T> actual;
    private final RequestContext context;
    private Subscription upstream = Operators.emptySubscription();

    ScopedSubscriber(CoreSubscriber<? super T> actual, RequestContext context) {
      this.actual = actual;
      this.context = context;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
      upstream = s;
      actual.onSubscribe(this);
    }

    @Override
    public void onNext(T t) {
      try (ContextScope scope = context.makeCurrent()) {
        actual.onNext(t);
      }
    }

    @Override
    public void onError(Throwable t) {
      try (ContextScope scope = context.makeCurrent()) {
        actual.onError(t);
      }
    }

    @Override
    public void onComplete() {
      try (ContextScope scope = context.makeCurrent()) {
        actual.onComplete();
      }
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      upstream.cancel();
    }
  }
}
