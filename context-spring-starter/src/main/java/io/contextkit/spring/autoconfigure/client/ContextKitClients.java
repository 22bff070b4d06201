package io.contextkit.spring.autoconfigure.client;

import io.contextkit.ContextPropagator;
import io.contextkit.spring.autoconfigure.client.internal.ContextKitClientHttpRequestInterceptor;
import java.util.Objects;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Propagation for HTTP clients that are neither Spring beans nor built from Boot's auto-configured
 * builders, e.g. a {@code new RestTemplate()} created inside a method. Clients that are beans, or
 * built from Boot's {@code RestClient.Builder} or {@code RestTemplateBuilder}, propagate without
 * any of this.
 *
 * <pre>{@code
 * RestTemplate template = ContextKitClients.restTemplate(new RestTemplate(), propagator);
 * RestClient client = ContextKitClients.restClient(RestClient.builder(), propagator).build();
 * }</pre>
 *
 * <p>All methods are idempotent: a client never gets the interceptor twice.
 */
public final class ContextKitClients {

  private ContextKitClients() {}

  /** A request interceptor that writes the current context as {@code propagator} allows. */
  public static ClientHttpRequestInterceptor interceptor(ContextPropagator propagator) {
    Objects.requireNonNull(propagator, "propagator");
    return new ContextKitClientHttpRequestInterceptor(() -> propagator);
  }

  /** Adds the interceptor to {@code restTemplate} and returns it. */
  public static RestTemplate restTemplate(RestTemplate restTemplate, ContextPropagator propagator) {
    ContextKitClientHttpRequestInterceptor.addOnce(
        restTemplate.getInterceptors(), interceptor0(propagator));
    return restTemplate;
  }

  /** Adds the interceptor to {@code builder} and returns it. */
  public static RestClient.Builder restClient(
      RestClient.Builder builder, ContextPropagator propagator) {
    ContextKitClientHttpRequestInterceptor interceptor = interceptor0(propagator);
    return builder.requestInterceptors(
        list -> ContextKitClientHttpRequestInterceptor.addOnce(list, interceptor));
  }

  private static ContextKitClientHttpRequestInterceptor interceptor0(ContextPropagator propagator) {
    Objects.requireNonNull(propagator, "propagator");
    return new ContextKitClientHttpRequestInterceptor(() -> propagator);
  }
}
