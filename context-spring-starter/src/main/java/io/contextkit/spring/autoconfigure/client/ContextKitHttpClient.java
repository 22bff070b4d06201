package io.contextkit.spring.autoconfigure.client;

import io.contextkit.ContextPropagator;
import io.contextkit.internal.PropagatingHttpClient;
import java.net.http.HttpClient;

/**
 * Wraps a JDK {@link HttpClient} so that it writes the context current at the call ({@code send},
 * {@code sendAsync}) onto every request, as the trust policy allows for the request's destination.
 * Every other method delegates to the wrapped client.
 *
 * <pre>{@code
 * HttpClient client = ContextKitHttpClient.wrap(HttpClient.newHttpClient(), propagator);
 * client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p>On Java 21+, the lifecycle methods added there ({@code close}, {@code shutdown}, ...) are the
 * JDK's defaults of {@code HttpClient}, not the delegate's: close the wrapped client itself. Thread
 * safe, like the delegate.
 */
public final class ContextKitHttpClient {

  private ContextKitHttpClient() {}

  /** Wraps {@code client}; returns it unchanged when it already propagates the context. */
  public static HttpClient wrap(HttpClient client, ContextPropagator propagator) {
    return PropagatingHttpClient.wrap(client, propagator);
  }
}
