package io.contextkit.noop;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.internal.ForwardingHttpClient;
import io.contextkit.noop.internal.SyntheticHttpResponse;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.HeaderSetter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A JDK {@link HttpClient} that applies an {@link OutboundTraceGuard} to every {@code send} and
 * {@code sendAsync}, redirects included.
 *
 * <pre>{@code
 * HttpClient client = TraceGuardHttpClient.wrap(HttpClient.newHttpClient(), guard);
 * }</pre>
 *
 * <p>STANDARD requests go to the wrapped client unchanged. Under TRACE (read from {@link
 * RequestContext#current()} when {@code send}/{@code sendAsync} is called):
 *
 * <ul>
 *   <li>internal hosts receive the request with the full context (baggage {@code
 *       request_type=TRACE}) and must answer with {@code Trace-Applied: request_type=TRACE} on
 *       every response, else {@link TraceNotAcknowledgedException};
 *   <li>third parties are not called; the caller's body handler receives the guard's synthetic
 *       response;
 *   <li>safe third parties are called without the context: {@code baggage} and the context
 *       signature are stripped even when another instrumentation added them;
 *   <li>redirects are followed by this client, hop by hop, each hop decided by the guard — a
 *       redirect to a third party is answered synthetically and never reaches it. The wrapped
 *       client's redirect policy ({@code NORMAL}: never from https to http; {@code ALWAYS}; {@code
 *       NEVER}) and the JDK's limit of 5 redirects apply. To do this, TRACE calls go through a
 *       sibling client built with the same settings but {@code Redirect.NEVER}; {@link
 *       HttpResponse#previousResponse()} is then empty.
 *   <li>{@code sendAsync} runs the same steps on a daemon thread of this client with the caller's
 *       context, and push promises are refused.
 *   <li>{@link #newWebSocketBuilder()} fails: WebSockets have no TRACE adapter, so TRACE fails
 *       closed rather than open one.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class TraceGuardHttpClient extends ForwardingHttpClient implements TraceGuarded {

  private static final int MAX_REDIRECTS = 5;

  private static final HeaderSetter<HttpRequest.Builder> SETTER = HttpRequest.Builder::setHeader;

  private final OutboundTraceGuard guard;
  private final HttpClient traceClient;
  private volatile @Nullable ExecutorService asyncExecutor;

  private TraceGuardHttpClient(HttpClient delegate, OutboundTraceGuard guard) {
    super(delegate);
    this.guard = guard;
    this.traceClient =
        delegate.followRedirects() == Redirect.NEVER ? delegate : withoutRedirects(delegate);
  }

  /** Guards {@code delegate}; returns it unchanged when it is already a guarded client. */
  public static HttpClient wrap(HttpClient delegate, OutboundTraceGuard guard) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(guard, "guard");
    if (delegate instanceof TraceGuardHttpClient) {
      return delegate;
    }
    return new TraceGuardHttpClient(delegate, guard);
  }

  private static HttpClient withoutRedirects(HttpClient d) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(Redirect.NEVER)
            .version(d.version())
            .sslContext(d.sslContext())
            .sslParameters(d.sslParameters());
    d.cookieHandler().ifPresent(b::cookieHandler);
    d.connectTimeout().ifPresent(b::connectTimeout);
    d.proxy().ifPresent(b::proxy);
    d.authenticator().ifPresent(b::authenticator);
    d.executor().ifPresent(b::executor);
    return b.build();
  }

  /** The wrapped client. */
  public HttpClient delegate() {
    return delegate;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    RequestContext ctx = RequestContext.current();
    if (!ctx.isTrace()) {
      return delegate.send(request, handler);
    }
    return sendTrace(ctx, request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    RequestContext ctx = RequestContext.current();
    if (!ctx.isTrace()) {
      return delegate.sendAsync(request, handler);
    }
    return sendTraceAsync(ctx, request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.@Nullable PushPromiseHandler<T> pushPromiseHandler) {
    RequestContext ctx = RequestContext.current();
    if (!ctx.isTrace()) {
      return delegate.sendAsync(request, handler, pushPromiseHandler);
    }
    return sendTraceAsync(ctx, request, handler);
  }

  private <T> CompletableFuture<HttpResponse<T>> sendTraceAsync(
      RequestContext ctx, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    asyncExecutor()
        .execute(
            () -> {
              try (ContextScope scope = ctx.makeCurrent()) {
                result.complete(sendTrace(ctx, request, handler));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
              } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private ExecutorService asyncExecutor() {
    ExecutorService e = asyncExecutor;
    if (e == null) {
      synchronized (this) {
        e = asyncExecutor;
        if (e == null) {
          e =
              Executors.newCachedThreadPool(
                  r -> {
                    Thread t = new Thread(r, "contextkit-trace-http");
                    t.setDaemon(true);
                    return t;
                  });
          asyncExecutor = e;
        }
      }
    }
    return e;
  }

  private <T> HttpResponse<T> sendTrace(
      RequestContext ctx, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpRequest current = request;
    for (int hop = 0; ; hop++) {
      OutboundTraceGuard.Decision decision = guard.decide(ctx, current.method(), current.uri());
      HttpResponse<T> response;
      switch (decision.action()) {
        case SUPPRESS:
          return SyntheticHttpResponse.create(current, decision.syntheticResponse(), handler);
        case SEND_AS_TRACE:
          HttpRequest.Builder b = HttpRequest.newBuilder(current, (name, value) -> true);
          guard.propagator().inject(ctx, b, SETTER, OutboundPolicy.FULL);
          response = traceClient.send(b.build(), handler);
          guard.checkAcknowledged(
              ctx,
              decision,
              current.method(),
              current.uri(),
              response.statusCode(),
              response.headers().firstValue(TraceReport.TRACE_APPLIED_HEADER).orElse(null));
          break;
        case CALL_SAFE_THIRD_PARTY:
        case PROCEED:
        default:
          // Strip context another instrumentation may have added: it must not leave the boundary.
          response =
              traceClient.send(
                  HttpRequest.newBuilder(current, TraceGuardHttpClient::mayLeaveBoundary).build(),
                  handler);
          break;
      }
      HttpRequest next = hop < MAX_REDIRECTS ? redirect(current, response) : null;
      if (next == null) {
        return response;
      }
      current = next;
    }
  }

  private static boolean mayLeaveBoundary(String name, String value) {
    return !name.equalsIgnoreCase("baggage")
        && !name.equalsIgnoreCase(ContextPropagator.SIGNATURE_HEADER);
  }

  /** The request a redirect response leads to under the wrapped client's policy, or null. */
  private @Nullable HttpRequest redirect(HttpRequest request, HttpResponse<?> response) {
    Redirect policy = delegate.followRedirects();
    int status = response.statusCode();
    if (policy == Redirect.NEVER
        || (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)) {
      return null;
    }
    Optional<String> location = response.headers().firstValue("location");
    if (location.isEmpty()) {
      return null;
    }
    URI target;
    try {
      target = request.uri().resolve(location.get());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    if (policy == Redirect.NORMAL
        && "https".equalsIgnoreCase(request.uri().getScheme())
        && scheme.equals("http")) {
      return null;
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true).uri(target);
    String method = request.method();
    boolean toGet =
        (status == 303 && !method.equals("HEAD"))
            || ((status == 301 || status == 302) && method.equals("POST"));
    if (toGet) {
      b.method("GET", HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  /**
   * Fails under TRACE: WebSockets have no TRACE adapter.
   *
   * @throws IllegalStateException under TRACE
   */
  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    if (RequestContext.current().isTrace()) {
      throw new IllegalStateException(
          "TRACE request: WebSockets have no TRACE guard, so none is opened");
    }
    return delegate.newWebSocketBuilder();
  }

  @Override
  public String toString() {
    return "TraceGuardHttpClient{" + delegate + "}";
  }
}
