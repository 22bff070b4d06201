package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.noop.TraceNotAcknowledgedException;
import io.contextkit.noop.TraceReport;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.HeaderSetter;
import io.contextkit.w3c.W3CHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.HttpRequestImpl;
import io.vertx.ext.web.client.impl.HttpResponseImpl;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Carries the context on every request of every Vert.x {@code WebClient} (and of its Mutiny
 * variant, which wraps it) and applies the TRACE rules of the REST client: internal hosts receive
 * the whole context ({@code request_type=TRACE}) and must answer {@code Trace-Applied}, else the
 * request fails with {@link TraceNotAcknowledgedException} and a {@code VIOLATION} is reported;
 * safe third parties are called without {@code baggage} and signature; other third parties are not
 * called and the client receives the configured synthetic response; STANDARD requests get the
 * context as the trust policy allows for the destination.
 *
 * <p>Installed on every {@code WebClient} when it is created: the extension rewrites the
 * constructor of Vert.x' {@code WebClientBase} at build time to call {@link #install}, so clients
 * an application builds with {@code WebClient.create(vertx)} are covered as well as those of other
 * extensions. The decision is taken for each hop (a redirect is a new decision) with the context
 * current where {@code send} was called.
 *
 * <p>Each hop is counted in the runtime dependency map ({@code INTERNAL_SERVICE} or {@code
 * THIRD_PARTY} by {@code quarkus.contextkit.trust.internal-hosts}, named {@code host:port}), timed
 * from the request's creation to its response, a failure or a 5xx answer as an error; a TRACE hop
 * answered with the synthetic response is counted once, as synthetic, by the guard's decision.
 */
public final class WebClientTraceInterceptor implements Handler<HttpContext<?>> {

  private static final WebClientTraceInterceptor INSTANCE = new WebClientTraceInterceptor();

  private static final String CONTEXT = WebClientTraceInterceptor.class.getName() + ".context";
  private static final String DECISION = WebClientTraceInterceptor.class.getName() + ".decision";
  private static final String URI_KEY = WebClientTraceInterceptor.class.getName() + ".uri";
  private static final String START = WebClientTraceInterceptor.class.getName() + ".start";

  private static final HeaderSetter<MultiMap> SETTER = MultiMap::set;

  private volatile @Nullable OutboundTraceGuard guard;

  private WebClientTraceInterceptor() {}

  /** Adds the interceptor to {@code client}; called by every {@code WebClientBase} constructor. */
  public static void install(WebClientInternal client) {
    client.addInterceptor(INSTANCE);
  }

  @Override
  public void handle(HttpContext<?> context) {
    switch (context.phase()) {
      case CREATE_REQUEST -> createRequest(context);
      case RECEIVE_RESPONSE -> {
        recordDependency(context, false);
        receiveResponse(context);
      }
      case FAILURE -> {
        recordDependency(context, true);
        context.next();
      }
      default -> context.next();
    }
  }

  /**
   * Counts the hop in the runtime dependency map, timed from its request's creation: an error is a
   * failure or a 5xx answer. A hop the guard answered with its synthetic response never gets here
   * (the guard counted it, as synthetic); a failure after the response was counted is not counted
   * again.
   */
  private void recordDependency(HttpContext<?> http, boolean failed) {
    Long start = http.get(START);
    OutboundTraceGuard g = guard;
    if (start == null || g == null) {
      return;
    }
    http.set(START, null);
    RequestOptions options = http.requestOptions();
    HttpClientResponse response = failed ? null : http.clientResponse();
    RequestContext context = http.get(CONTEXT);
    Integer port = options.getPort();
    String host = options.getHost();
    if (host == null && options.getServer() != null) {
      host = options.getServer().host();
    }
    ContextKit.dependencies()
        .http(
            host,
            port == null ? -1 : port,
            Boolean.TRUE.equals(options.isSsl()),
            g.propagator().trustPolicy().internalHosts())
        .record(
            System.nanoTime() - start,
            failed || (response != null && response.statusCode() >= 500),
            context != null && context.isTrace());
  }

  private void createRequest(HttpContext<?> http) {
    RequestContext context = http.get(CONTEXT);
    if (context == null) {
      context = RequestContexts.current();
      http.set(CONTEXT, context);
    }
    OutboundTraceGuard g = guard();
    // Each hop (a redirect is a new one) is timed from here.
    http.set(START, System.nanoTime());
    if (g == null || context.isEmpty()) {
      http.next();
      return;
    }
    RequestOptions options = http.requestOptions();
    URI uri = uriOf(options);
    MultiMap headers = options.getHeaders();
    if (headers == null) {
      headers = MultiMap.caseInsensitiveMultiMap();
      options.setHeaders(headers);
    }
    OutboundTraceGuard.Decision decision = g.decide(context, options.getMethod().name(), uri);
    http.set(DECISION, null);
    switch (decision.action()) {
      case SUPPRESS -> {
        // Counted by the guard's decision, as synthetic: nothing to time.
        http.set(START, null);
        respondSynthetic(http, decision.syntheticResponse());
        return;
      }
      case SEND_AS_TRACE -> {
        g.propagator().inject(context, headers, SETTER, OutboundPolicy.FULL);
        http.set(DECISION, decision);
        http.set(URI_KEY, uri);
      }
      case CALL_SAFE_THIRD_PARTY -> {
        g.propagator().inject(context, headers, SETTER, uri);
        headers.remove(W3CHeaders.BAGGAGE);
        headers.remove(ContextPropagator.SIGNATURE_HEADER);
      }
      default -> g.propagator().inject(context, headers, SETTER, uri);
    }
    http.next();
  }

  private void receiveResponse(HttpContext<?> http) {
    OutboundTraceGuard.Decision decision = http.get(DECISION);
    RequestContext context = http.get(CONTEXT);
    OutboundTraceGuard g = guard;
    if (decision == null || context == null || g == null) {
      http.next();
      return;
    }
    HttpClientResponse response = http.clientResponse();
    URI uri = http.get(URI_KEY);
    try {
      g.checkAcknowledged(
          context,
          decision,
          http.requestOptions().getMethod().name(),
          uri,
          response.statusCode(),
          response.getHeader(TraceReport.TRACE_APPLIED_HEADER));
    } catch (TraceNotAcknowledgedException e) {
      http.fail(e);
      return;
    }
    http.next();
  }

  /**
   * Answers the request with the synthetic response, decoded by the request's body codec, as if the
   * third party had answered; nothing is sent.
   */
  private static <T> void respondSynthetic(
      HttpContext<T> http, @Nullable SyntheticResponse synthetic) {
    SyntheticResponse s = synthetic == null ? SyntheticResponse.accepted() : synthetic;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, List<String>> header : s.headers().entrySet()) {
      headers.add(header.getKey(), header.getValue());
    }
    ((HttpRequestImpl<T>) http.request())
        .bodyCodec()
        .create(
            created -> {
              if (created.failed()) {
                http.fail(created.cause());
                return;
              }
              BodyStream<T> stream = created.result();
              stream.write(Buffer.buffer(s.body()));
              stream.end();
              stream
                  .result()
                  .onComplete(
                      body -> {
                        if (body.failed()) {
                          http.fail(body.cause());
                          return;
                        }
                        http.dispatchResponse(
                            new HttpResponseImpl<>(
                                HttpVersion.HTTP_1_1,
                                s.status(),
                                HttpResponseStatus.valueOf(s.status()).reasonPhrase(),
                                headers,
                                MultiMap.caseInsensitiveMultiMap(),
                                List.of(),
                                body.result(),
                                List.of()));
                      });
            });
  }

  private static URI uriOf(RequestOptions options) {
    boolean ssl = Boolean.TRUE.equals(options.isSsl());
    String host = options.getHost();
    if (host == null && options.getServer() != null) {
      host = options.getServer().host();
    }
    if (host == null) {
      host = "unknown-host";
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    Integer port = options.getPort();
    String path = options.getURI() == null ? "/" : options.getURI();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    String authority = port == null || port < 0 ? host : host + ":" + port;
    try {
      return URI.create((ssl ? "https://" : "http://") + authority + path);
    } catch (IllegalArgumentException e) {
      // An unusual path must not keep the guard from deciding by host.
      return URI.create((ssl ? "https://" : "http://") + authority + "/");
    }
  }

  private @Nullable OutboundTraceGuard guard() {
    OutboundTraceGuard g = guard;
    if (g == null) {
      ArcContainer container = Arc.container();
      if (container == null || !container.isRunning()) {
        return null;
      }
      // The interceptor is created with the first WebClient, possibly before the guard bean.
      g = container.instance(OutboundTraceGuard.class).get();
      guard = g;
    }
    return g;
  }
}
