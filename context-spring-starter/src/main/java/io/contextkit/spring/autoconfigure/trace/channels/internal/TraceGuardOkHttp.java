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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Propagation by destination and the {@link OutboundTraceGuard} for OkHttp, as the JDK client's
 * {@code TraceGuardHttpClient} and the {@code RestClient} interceptor apply them. {@code
 * OkHttpClient} is final, so {@link #guard} returns a new client built from the old one ({@code
 * newBuilder()}: same connection pool, dispatcher and settings) with three additions:
 *
 * <ul>
 *   <li>an event-listener factory (wrapping the client's own) that remembers the context current
 *       when a call is created, so that calls run on OkHttp's dispatcher threads ({@code enqueue})
 *       are decided for the request that made them;
 *   <li>a first application interceptor ({@link TraceGuarded}): under TRACE, a call to a third
 *       party is not made, the caller gets the guard's synthetic response;
 *   <li>a network interceptor, which sees every hop, redirects included: STANDARD hops carry the
 *       context as the trust policy allows for their destination (and never {@code baggage} or the
 *       context signature outside the boundary); TRACE hops to internal hosts carry the full
 *       context and must be answered with {@code Trace-Applied}, else {@link
 *       io.contextkit.noop.TraceNotAcknowledgedException}; a TRACE redirect to a third party fails
 *       the call with an {@code IOException} (OkHttp follows redirects below the application
 *       interceptors, where no synthetic answer can be given) — it is never followed.
 * </ul>
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceGuardOkHttp {

  private static final HeaderSetter<Request.Builder> SETTER = Request.Builder::header;

  private static final Map<Call, RequestContext> CALL_CONTEXTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private TraceGuardOkHttp() {}

  /** Whether {@code client} already has the guard. */
  public static boolean isGuarded(OkHttpClient client) {
    for (Interceptor interceptor : client.interceptors()) {
      if (interceptor instanceof TraceGuarded) {
        return true;
      }
    }
    return false;
  }

  /** {@code client} with the guard; {@code client} itself when it already has it. */
  public static OkHttpClient guard(OkHttpClient client, Supplier<OutboundTraceGuard> guard) {
    if (isGuarded(client)) {
      return client;
    }
    EventListener.Factory listeners = client.eventListenerFactory();
    OkHttpClient.Builder builder = client.newBuilder();
    builder.interceptors().add(0, new FirstHop(guard));
    builder.networkInterceptors().add(new EveryHop(guard));
    builder.eventListenerFactory(
        call -> {
          RequestContext current = RequestContext.current();
          if (!current.isEmpty()) {
            CALL_CONTEXTS.put(call, current);
          }
          return listeners.create(call);
        });
    return builder.build();
  }

  private static RequestContext contextOf(Call call) {
    RequestContext captured = CALL_CONTEXTS.get(call);
    return captured != null ? captured : RequestContext.current();
  }

  /** The decision made for the first hop, so the network interceptor does not make it twice. */
  private record Decided(HttpUrl url, OutboundTraceGuard.Decision decision) {}

  /** Answers TRACE calls to third parties synthetically. */
  static final class FirstHop implements Interceptor, TraceGuarded {
    private final Supplier<OutboundTraceGuard> guard;

    FirstHop(Supplier<OutboundTraceGuard> guard) {
      this.guard = guard;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      RequestContext ctx = contextOf(chain.call());
      Request request = chain.request();
      if (!ctx.isTrace()) {
        return chain.proceed(request);
      }
      OutboundTraceGuard.Decision decision =
          guard.get().decide(ctx, request.method(), request.url().uri());
      if (decision.action() == OutboundTraceGuard.Action.SUPPRESS) {
        SyntheticResponse synthetic = decision.syntheticResponse();
        return synthetic(request, synthetic == null ? SyntheticResponse.accepted() : synthetic);
      }
      return chain.proceed(
          request.newBuilder().tag(Decided.class, new Decided(request.url(), decision)).build());
    }
  }

  /** Propagates by destination on every hop; applies TRACE to redirects and internal hops. */
  static final class EveryHop implements Interceptor {
    private final Supplier<OutboundTraceGuard> guard;

    EveryHop(Supplier<OutboundTraceGuard> guard) {
      this.guard = guard;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      RequestContext ctx = contextOf(chain.call());
      Request request = chain.request();
      OutboundTraceGuard g = guard.get();
      URI uri = request.url().uri();
      if (!ctx.isTrace()) {
        if (ctx.isEmpty()) {
          return chain.proceed(request);
        }
        OutboundPolicy policy = g.propagator().trustPolicy().outboundPolicy(uri);
        Request.Builder builder = request.newBuilder();
        if (policy != OutboundPolicy.FULL) {
          stripContext(builder);
        }
        g.propagator().inject(ctx, builder, SETTER, policy);
        return chain.proceed(builder.build());
      }
      Decided decided = request.tag(Decided.class);
      OutboundTraceGuard.Decision decision =
          decided != null && decided.url().equals(request.url())
              ? decided.decision()
              : g.decide(ctx, request.method(), uri);
      switch (decision.action()) {
        case SUPPRESS:
          throw new IOException(
              "TRACE request: redirect to third party "
                  + request.url().host()
                  + " not followed (it would have been called for real)");
        case SEND_AS_TRACE:
          Request.Builder builder = request.newBuilder();
          g.propagator().inject(ctx, builder, SETTER, OutboundPolicy.FULL);
          Response response = chain.proceed(builder.build());
          try {
            g.checkAcknowledged(
                ctx,
                decision,
                request.method(),
                uri,
                response.code(),
                response.header(TraceReport.TRACE_APPLIED_HEADER));
          } catch (IOException | RuntimeException e) {
            response.close();
            throw e;
          }
          return response;
        default:
          Request.Builder stripped = request.newBuilder();
          stripContext(stripped);
          return chain.proceed(stripped.build());
      }
    }
  }

  private static void stripContext(Request.Builder builder) {
    builder.removeHeader(W3CHeaders.BAGGAGE);
    builder.removeHeader(ContextPropagator.SIGNATURE_HEADER);
  }

  private static Response synthetic(Request request, SyntheticResponse synthetic) {
    Response.Builder response =
        new Response.Builder()
            .request(request)
            .protocol(Protocol.HTTP_1_1)
            .code(synthetic.status())
            .message("");
    @Nullable MediaType type = null;
    for (Map.Entry<String, List<String>> header : synthetic.headers().entrySet()) {
      for (String value : header.getValue()) {
        response.addHeader(header.getKey(), value);
      }
      if (header.getKey().equals("content-type") && !header.getValue().isEmpty()) {
        type = MediaType.parse(header.getValue().get(0));
      }
    }
    return response.body(ResponseBody.create(synthetic.body(), type)).build();
  }
}
