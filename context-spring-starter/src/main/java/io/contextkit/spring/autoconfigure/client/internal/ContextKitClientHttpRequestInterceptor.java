package io.contextkit.spring.autoconfigure.client.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.w3c.HeaderSetter;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Writes the current context onto every request of a {@code RestClient} or {@code RestTemplate}, as
 * the trust policy allows for the request's destination: internal hosts get the full context, third
 * parties at most {@code traceparent} and {@code tracestate} ({@code
 * contextkit.trust.third-party-policy}), and records each call in the runtime dependency map
 * ({@link ContextKit#dependencies()}: an error is an I/O failure or a 5xx answer; a TRACE call's
 * synthetic answer is left to the guard that gave it, which counts it as synthetic).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContextKitClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

  private static final HeaderSetter<HttpHeaders> SETTER = HttpHeaders::set;

  private final Supplier<ContextPropagator> propagator;

  /** Resolves the propagator lazily, so that post-processors need not initialise it early. */
  public ContextKitClientHttpRequestInterceptor(Supplier<ContextPropagator> propagator) {
    this.propagator = propagator;
  }

  @Override
  public ClientHttpResponse intercept(
      HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
    RequestContext context = RequestContext.current();
    ContextPropagator p = propagator.get();
    if (!context.isEmpty()) {
      p.inject(context, request.getHeaders(), SETTER, request.getURI());
    }
    long start = System.nanoTime();
    boolean error = true;
    boolean synthetic = false;
    try {
      ClientHttpResponse response = execution.execute(request, body);
      error = response.getStatusCode().is5xxServerError();
      synthetic = context.isTrace() && isSynthetic(response.getHeaders());
      return response;
    } finally {
      // The runtime dependency map: one edge per host and port, found without allocating. A
      // synthetic TRACE answer was counted by the guard that gave it.
      if (!synthetic) {
        ContextKit.dependencies()
            .http(request.getURI(), p.trustPolicy().internalHosts())
            .record(System.nanoTime() - start, error, context.isTrace());
      }
    }
  }

  /**
   * Whether a TRACE call's answer is the guard's synthetic one ({@code Trace-Suppressed: true}).
   */
  static boolean isSynthetic(HttpHeaders headers) {
    return "true".equals(headers.getFirst(SyntheticResponse.SUPPRESSED_HEADER));
  }

  /** Adds {@code interceptor} unless a ContextKit interceptor is already in {@code list}. */
  public static void addOnce(
      List<ClientHttpRequestInterceptor> list, ContextKitClientHttpRequestInterceptor interceptor) {
    for (ClientHttpRequestInterceptor existing : list) {
      if (existing instanceof ContextKitClientHttpRequestInterceptor) {
        return;
      }
    }
    list.add(interceptor);
  }
}
