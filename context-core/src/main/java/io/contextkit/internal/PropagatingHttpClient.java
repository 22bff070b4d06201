package io.contextkit.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.w3c.HeaderSetter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A JDK {@link HttpClient} that writes the context current at the call ({@code send}, {@code
 * sendAsync}) onto every request, as the trust policy allows for the request's destination. Every
 * other method delegates to the wrapped client. The one implementation behind the Spring starter's
 * {@code ContextKitHttpClient} and the Quarkus extension's injectable client.
 *
 * <p>Each exchange is counted in the runtime dependency map ({@link ContextKit#dependencies()}),
 * timed, with I/O failures and 5xx answers as errors; a TRACE call's synthetic answer is left to
 * the TRACE guard that gave it.
 *
 * <p>On Java 21+, the lifecycle methods added there ({@code close}, {@code shutdown}, ...) are the
 * JDK's defaults of {@code HttpClient}, not the delegate's: close the wrapped client itself. Thread
 * safe, like the delegate.
 */
public final class PropagatingHttpClient extends ForwardingHttpClient {

  private static final HeaderSetter<HttpRequest.Builder> SETTER = HttpRequest.Builder::setHeader;

  private final ContextPropagator propagator;

  private PropagatingHttpClient(HttpClient delegate, ContextPropagator propagator) {
    super(delegate);
    this.propagator = propagator;
  }

  /** Wraps {@code client}; returns it unchanged when it already propagates the context. */
  public static HttpClient wrap(HttpClient client, ContextPropagator propagator) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(propagator, "propagator");
    return client instanceof PropagatingHttpClient
        ? client
        : new PropagatingHttpClient(client, propagator);
  }

  /** The client this one wraps. */
  public HttpClient unwrap() {
    return delegate;
  }

  private HttpRequest withContext(HttpRequest request) {
    RequestContext context = RequestContext.current();
    if (context.isEmpty()) {
      return request;
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
    propagator.inject(context, builder, SETTER, request.uri());
    return builder.build();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    DependencyEdge edge = edge(request);
    boolean trace = RequestContext.current().isTrace();
    long start = System.nanoTime();
    boolean error = true;
    boolean synthetic = false;
    try {
      HttpResponse<T> response = delegate.send(withContext(request), handler);
      error = response.statusCode() >= 500;
      synthetic = trace && isSynthetic(response);
      return response;
    } finally {
      if (!synthetic) {
        edge.record(System.nanoTime() - start, error, trace);
      }
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return recorded(request, delegate.sendAsync(withContext(request), handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return recorded(request, delegate.sendAsync(withContext(request), handler, pushPromiseHandler));
  }

  /** The request's edge in the runtime dependency map ({@link ContextKit#dependencies()}). */
  private DependencyEdge edge(HttpRequest request) {
    return ContextKit.dependencies().http(request.uri(), propagator.trustPolicy().internalHosts());
  }

  /**
   * Records the exchange when {@code future} completes (an error is a failure or a 5xx answer), and
   * returns {@code future} itself, so cancelling it still cancels the exchange.
   */
  private <T> CompletableFuture<HttpResponse<T>> recorded(
      HttpRequest request, CompletableFuture<HttpResponse<T>> future) {
    DependencyEdge edge = edge(request);
    boolean trace = RequestContext.current().isTrace();
    long start = System.nanoTime();
    future.whenComplete(
        (response, failure) -> {
          // A TRACE call's synthetic answer (Trace-Suppressed: true) was counted by the TRACE
          // guard that gave it.
          if (trace && failure == null && isSynthetic(response)) {
            return;
          }
          edge.record(
              System.nanoTime() - start, failure != null || response.statusCode() >= 500, trace);
        });
    return future;
  }

  /**
   * Whether a TRACE call's answer is the TRACE guard's synthetic one ({@code Trace-Suppressed:
   * true}, noop-storage's {@code SyntheticResponse.SUPPRESSED_HEADER}), which the guard counted.
   */
  private static boolean isSynthetic(HttpResponse<?> response) {
    return response.headers().firstValue("Trace-Suppressed").orElse("").equals("true");
  }

  @Override
  public String toString() {
    return "PropagatingHttpClient[" + delegate + "]";
  }
}
