package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.noop.TraceReport;
import io.contextkit.w3c.HeaderSetter;
import io.contextkit.w3c.W3CHeaders;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Applies the {@link OutboundTraceGuard} to {@code RestClient}/{@code RestTemplate} calls of a
 * TRACE request: third parties are not called (the client gets the synthetic response), safe third
 * parties are called without {@code baggage} or the context signature, internal hosts are called
 * with the context and must answer {@code Trace-Applied: request_type=TRACE}, else the call fails
 * with {@link io.contextkit.noop.TraceNotAcknowledgedException} (an {@code IOException}, which the
 * clients surface as {@code ResourceAccessException}). STANDARD calls are untouched. Added first in
 * the interceptor list, so it decides before anything else runs.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

  private static final HeaderSetter<HttpHeaders> SETTER = HttpHeaders::set;

  private final Supplier<OutboundTraceGuard> guard;

  /** Resolves the guard lazily, so that post-processors need not initialise it early. */
  public TraceClientHttpRequestInterceptor(Supplier<OutboundTraceGuard> guard) {
    this.guard = guard;
  }

  @Override
  public ClientHttpResponse intercept(
      HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
    RequestContext context = RequestContext.current();
    if (!context.isTrace()) {
      return execution.execute(request, body);
    }
    OutboundTraceGuard g = guard.get();
    String method = request.getMethod().name();
    OutboundTraceGuard.Decision decision = g.decide(context, method, request.getURI());
    switch (decision.action()) {
      case SUPPRESS -> {
        SyntheticResponse synthetic = decision.syntheticResponse();
        return new SyntheticClientHttpResponse(
            synthetic == null ? SyntheticResponse.accepted() : synthetic);
      }
      case CALL_SAFE_THIRD_PARTY -> {
        request.getHeaders().remove(W3CHeaders.BAGGAGE);
        request.getHeaders().remove(ContextPropagator.SIGNATURE_HEADER);
        return execution.execute(request, body);
      }
      case SEND_AS_TRACE -> {
        // Idempotent with the propagation interceptor; makes the TRACE marker independent of it.
        g.propagator().inject(context, request.getHeaders(), SETTER, request.getURI());
        ClientHttpResponse response = execution.execute(request, body);
        try {
          g.checkAcknowledged(
              context,
              decision,
              method,
              request.getURI(),
              response.getStatusCode().value(),
              response.getHeaders().getFirst(TraceReport.TRACE_APPLIED_HEADER));
        } catch (IOException | RuntimeException e) {
          response.close();
          throw e;
        }
        return response;
      }
      default -> {
        return execution.execute(request, body);
      }
    }
  }

  /** Puts {@code interceptor} first in {@code list} unless a TRACE interceptor is already there. */
  public static void addOnce(
      List<ClientHttpRequestInterceptor> list, TraceClientHttpRequestInterceptor interceptor) {
    for (ClientHttpRequestInterceptor existing : list) {
      if (existing instanceof TraceClientHttpRequestInterceptor) {
        return;
      }
    }
    list.add(0, interceptor);
  }
}
