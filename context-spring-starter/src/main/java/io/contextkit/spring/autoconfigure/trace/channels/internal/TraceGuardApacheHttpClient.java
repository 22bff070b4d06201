package io.contextkit.spring.autoconfigure.trace.channels.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.noop.TraceReport;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.HeaderSetter;
import io.contextkit.w3c.W3CHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

/**
 * An Apache HttpClient 5 classic client that propagates the context by destination and applies the
 * {@link OutboundTraceGuard} to every call, as the JDK client's {@code TraceGuardHttpClient} and
 * the {@code RestClient} interceptor do.
 *
 * <ul>
 *   <li>STANDARD: the current context is written onto the request as the trust policy allows for
 *       its destination (internal hosts get all of it, third parties at most {@code traceparent});
 *       the wrapped client then runs the call as usual, redirects included.
 *   <li>TRACE: internal hosts are called with the full context and must answer {@code
 *       Trace-Applied}, else {@link io.contextkit.noop.TraceNotAcknowledgedException}; third
 *       parties are not called and the caller gets the guard's synthetic response; safe third
 *       parties are called without {@code baggage} or the context signature. Redirects are followed
 *       here, hop by hop, each hop decided by the guard (the wrapped client's own redirect handling
 *       is switched off for the call), when the request's configuration (else the context's, else
 *       the client's default) enables them — a client built with {@code disableRedirectHandling()}
 *       cannot be told from one that follows redirects, so give such a client a default {@code
 *       RequestConfig} with redirects disabled.
 * </ul>
 *
 * <p>Thread-safe, like the wrapped client. Closing it closes the wrapped client.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceGuardApacheHttpClient extends CloseableHttpClient
    implements TraceGuarded, Configurable {

  private static final HeaderSetter<ClassicHttpRequest> SETTER = ClassicHttpRequest::setHeader;

  private final CloseableHttpClient delegate;
  private final Supplier<OutboundTraceGuard> guard;

  public TraceGuardApacheHttpClient(
      CloseableHttpClient delegate, Supplier<OutboundTraceGuard> guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  /** The wrapped client. */
  public CloseableHttpClient delegate() {
    return delegate;
  }

  @Override
  public @Nullable RequestConfig getConfig() {
    return delegate instanceof Configurable configurable ? configurable.getConfig() : null;
  }

  @Override
  protected CloseableHttpResponse doExecute(
      @Nullable HttpHost target, ClassicHttpRequest request, @Nullable HttpContext context)
      throws IOException {
    RequestContext ctx = RequestContext.current();
    HttpHost host = hostOf(target, request);
    OutboundTraceGuard g = guard.get();
    if (!ctx.isTrace()) {
      if (!ctx.isEmpty()) {
        g.propagator().inject(ctx, request, SETTER, uriOf(host, request));
      }
      return CloseableHttpResponse.adapt(delegate.executeOpen(target, request, context));
    }
    return executeTrace(ctx, g, host, request, context);
  }

  private CloseableHttpResponse executeTrace(
      RequestContext ctx,
      OutboundTraceGuard g,
      HttpHost firstHost,
      ClassicHttpRequest request,
      @Nullable HttpContext context)
      throws IOException {
    HttpClientContext clientContext =
        HttpClientContext.castOrCreate(context != null ? context : HttpClientContext.create());
    RequestConfig effective = effectiveConfig(request, clientContext);
    boolean follow = effective.isRedirectsEnabled();
    int maxRedirects = effective.getMaxRedirects();
    RequestConfig noRedirects = RequestConfig.copy(effective).setRedirectsEnabled(false).build();
    HttpHost host = firstHost;
    ClassicHttpRequest current = request;
    for (int hop = 0; ; hop++) {
      URI uri = uriOf(host, current);
      String method = current.getMethod();
      OutboundTraceGuard.Decision decision = g.decide(ctx, method, uri);
      ClassicHttpResponse response;
      switch (decision.action()) {
        case SUPPRESS -> {
          SyntheticResponse synthetic = decision.syntheticResponse();
          return synthetic(synthetic == null ? SyntheticResponse.accepted() : synthetic);
        }
        case SEND_AS_TRACE -> {
          g.propagator().inject(ctx, current, SETTER, OutboundPolicy.FULL);
          response = send(host, current, clientContext, noRedirects);
          Header applied = response.getFirstHeader(TraceReport.TRACE_APPLIED_HEADER);
          try {
            g.checkAcknowledged(
                ctx,
                decision,
                method,
                uri,
                response.getCode(),
                applied == null ? null : applied.getValue());
          } catch (IOException | RuntimeException e) {
            response.close();
            throw e;
          }
        }
        default -> {
          // Context another instrumentation may have added must not leave the boundary.
          current.removeHeaders(W3CHeaders.BAGGAGE);
          current.removeHeaders(ContextPropagator.SIGNATURE_HEADER);
          response = send(host, current, clientContext, noRedirects);
        }
      }
      ClassicHttpRequest next =
          follow && hop < maxRedirects ? redirect(current, uri, response) : null;
      if (next == null) {
        return CloseableHttpResponse.adapt(response);
      }
      EntityUtils.consumeQuietly(response.getEntity());
      response.close();
      current = next;
      host = hostOf(null, next);
    }
  }

  private @Nullable RequestConfig requestConfig(ClassicHttpRequest request) {
    return request instanceof Configurable configurable ? configurable.getConfig() : null;
  }

  /** The configuration the wrapped client would apply: the request's, the context's, its own. */
  private RequestConfig effectiveConfig(ClassicHttpRequest request, HttpClientContext context) {
    RequestConfig config = requestConfig(request);
    if (config == null) {
      config = context.getRequestConfig();
    }
    if (config == null) {
      config = getConfig();
    }
    return config == null ? RequestConfig.DEFAULT : config;
  }

  /** One hop, with the wrapped client's redirect handling off: the guard decides each hop. */
  private ClassicHttpResponse send(
      HttpHost host, ClassicHttpRequest request, HttpClientContext context, RequestConfig config)
      throws IOException {
    // A request's own configuration wins over the context's, so the switch goes where it is read.
    if (request instanceof org.apache.hc.client5.http.classic.methods.HttpUriRequestBase base
        && base.getConfig() != null) {
      RequestConfig original = base.getConfig();
      base.setConfig(config);
      try {
        return delegate.executeOpen(host, request, context);
      } finally {
        base.setConfig(original);
      }
    }
    RequestConfig original = context.getRequestConfig();
    context.setRequestConfig(config);
    try {
      return delegate.executeOpen(host, request, context);
    } finally {
      context.setRequestConfig(original);
    }
  }

  /** The request a redirect leads to, as the client's default redirect strategy would build it. */
  private static @Nullable ClassicHttpRequest redirect(
      ClassicHttpRequest request, URI uri, ClassicHttpResponse response) {
    int status = response.getCode();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      return null;
    }
    Header location = response.getFirstHeader("Location");
    if (location == null) {
      return null;
    }
    URI next;
    try {
      next = uri.resolve(location.getValue().strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    String method = request.getMethod();
    boolean toGet =
        (status == 303 && !method.equals("GET") && !method.equals("HEAD"))
            || ((status == 301 || status == 302) && method.equals("POST"));
    ClassicRequestBuilder builder =
        ClassicRequestBuilder.create(toGet ? "GET" : method).setUri(next);
    for (Header header : request.getHeaders()) {
      builder.addHeader(header);
    }
    if (!toGet) {
      HttpEntity entity = request.getEntity();
      if (entity != null && !entity.isRepeatable()) {
        return null; // cannot be sent twice: the caller gets the redirect itself
      }
      builder.setEntity(entity);
    }
    return builder.build();
  }

  private static HttpHost hostOf(@Nullable HttpHost target, ClassicHttpRequest request)
      throws IOException {
    if (target != null) {
      return target;
    }
    try {
      HttpHost host = RoutingSupport.determineHost(request);
      if (host == null) {
        throw new ClientProtocolException("Request has no target host: " + request);
      }
      return host;
    } catch (HttpException e) {
      throw new ClientProtocolException(e.getMessage(), e);
    }
  }

  private static URI uriOf(HttpHost host, ClassicHttpRequest request) throws IOException {
    String path = request.getPath();
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      path = "/" + (path == null ? "" : path);
    }
    try {
      URI relative = new URI(path);
      return new URI(
          host.getSchemeName(),
          null,
          host.getHostName(),
          host.getPort(),
          relative.getPath(),
          relative.getQuery(),
          null);
    } catch (URISyntaxException e) {
      throw new ClientProtocolException("Invalid request URI: " + e.getMessage(), e);
    }
  }

  private static CloseableHttpResponse synthetic(SyntheticResponse synthetic) {
    BasicClassicHttpResponse response = new BasicClassicHttpResponse(synthetic.status());
    String contentType = null;
    for (Map.Entry<String, List<String>> header : synthetic.headers().entrySet()) {
      for (String value : header.getValue()) {
        response.addHeader(header.getKey(), value);
      }
      if (header.getKey().equals("content-type") && !header.getValue().isEmpty()) {
        contentType = header.getValue().get(0);
      }
    }
    response.setEntity(
        new ByteArrayEntity(
            synthetic.body(), contentType == null ? null : ContentType.parseLenient(contentType)));
    return CloseableHttpResponse.adapt(response);
  }

  @Override
  public void close(CloseMode closeMode) {
    delegate.close(closeMode);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return "TraceGuardApacheHttpClient[" + delegate + "]";
  }
}
