package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.internal.ForwardingHttpClient;
import io.contextkit.w3c.HeaderSetter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A JDK {@link HttpClient} that writes the context current at {@code send}/{@code sendAsync} onto
 * each request, as the trust policy allows for its destination. Thread-safe like the delegate.
 */
final class PropagatingHttpClient extends ForwardingHttpClient {

  private static final HeaderSetter<HttpRequest.Builder> SETTER = HttpRequest.Builder::setHeader;

  private final ContextPropagator propagator;

  private PropagatingHttpClient(HttpClient delegate, ContextPropagator propagator) {
    super(delegate);
    this.propagator = propagator;
  }

  static HttpClient wrap(HttpClient client, ContextPropagator propagator) {
    return client instanceof PropagatingHttpClient
        ? client
        : new PropagatingHttpClient(client, propagator);
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
    return delegate.send(withContext(request), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(withContext(request), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(withContext(request), handler, pushPromiseHandler);
  }

  @Override
  public String toString() {
    return "PropagatingHttpClient[" + delegate + "]";
  }
}
