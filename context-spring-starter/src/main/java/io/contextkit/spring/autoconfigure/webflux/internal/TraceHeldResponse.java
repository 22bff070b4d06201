package io.contextkit.spring.autoconfigure.webflux.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.noop.TraceReport;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReports;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The response of a request that asked for TRACE, held back until the whole exchange — filters,
 * handler (and the transaction it completes), exception handlers — has ended: the body of {@code
 * writeWith} and {@code writeAndFlushWith} (a streamed body included) is collected, {@code
 * setComplete} is deferred, and nothing reaches the client before {@link #release()}.
 *
 * <p>At release, a response {@linkplain #trace marked TRACE} gets the TRACE end of the exchange, as
 * the servlet {@code TraceResponseFilter} does: {@code Trace-Applied}, {@code Cache-Control:
 * no-store} and the {@code Trace-Report} summary on every status; a report whose outcome is {@code
 * committed=unknown} turns the response into a 500, a report with violations turns a non-error
 * response into a 500 (the held body is dropped: never a success); and the complete report is
 * published once ({@link TraceReports}). A response never marked (the TRACE ask was refused with
 * 400, 403 or 503) is written as it was.
 *
 * <p>Status, headers and cookies go straight to the wrapped response, which stays uncommitted until
 * release, so its {@code beforeCommit} actions run then.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TraceHeldResponse extends ServerHttpResponseDecorator {

  /** The Reactor context key under which {@link TraceHttpHandler} publishes the held response. */
  public static final String REACTOR_KEY = TraceHeldResponse.class.getName();

  private final boolean head;
  private final List<DataBuffer> held = new ArrayList<>();
  private volatile @Nullable RequestContext trace;
  private boolean released;

  /**
   * @param head whether the request is a HEAD request, whose response never carries a body
   */
  public TraceHeldResponse(ServerHttpResponse delegate, boolean head) {
    super(delegate);
    this.head = head;
  }

  /** Marks the response as the answer to a TRACE request running in {@code context}. */
  public void trace(RequestContext context) {
    this.trace = context;
  }

  /** Whether the response was marked TRACE. */
  public boolean isTrace() {
    return trace != null;
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    return collect(body).then().doOnError(e -> dropBody());
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    return Flux.from(body).concatMap(this::collect).then().doOnError(e -> dropBody());
  }

  /**
   * Takes every buffer of {@code body} into the held list. No buffer is ever dropped as an element
   * here: operators that drop elements (a plain {@code then()}) hand them to the discard hook the
   * writer installed, which would release buffers still held.
   */
  private Flux<Void> collect(Publisher<? extends DataBuffer> body) {
    return Flux.from(body)
        .concatMap(
            buffer -> {
              hold(buffer);
              return Mono.<Void>empty();
            });
  }

  /** Deferred to {@link #release()}. */
  @Override
  public Mono<Void> setComplete() {
    return Mono.empty();
  }

  @Override
  public boolean isCommitted() {
    synchronized (held) {
      if (!released) {
        return false;
      }
    }
    return getDelegate().isCommitted();
  }

  private void hold(DataBuffer buffer) {
    synchronized (held) {
      if (!released) {
        held.add(buffer);
        return;
      }
    }
    DataBufferUtils.release(buffer);
  }

  /**
   * A body that failed while it was written is not sent: whoever handles the error (an exception
   * handler) answers on a response that has not started.
   */
  private void dropBody() {
    releaseAll(take(false));
    getDelegate().getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
  }

  private List<DataBuffer> take(boolean finish) {
    synchronized (held) {
      List<DataBuffer> taken = new ArrayList<>(held);
      held.clear();
      if (finish) {
        released = true;
      }
      return taken;
    }
  }

  /** Frees whatever is held, when the exchange is abandoned (the client went away). */
  public void discard() {
    releaseAll(take(true));
  }

  /**
   * After the exchange failed outside every handler: the held body is dropped and, since a failure
   * is never a success, the status becomes 500 before the release.
   */
  public Mono<Void> releaseAfterFailure() {
    releaseAll(take(false));
    getDelegate().setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
    return release();
  }

  /**
   * For a response held by {@link TraceWebFilter} itself, when the chain failed and the exception
   * handlers answer on the wrapped response: the held body is dropped, and the TRACE headers (with
   * the report so far) are set on the wrapped response, which the handlers then write.
   */
  Mono<Void> releaseHeadersOnly() {
    return Mono.fromRunnable(
        () -> {
          releaseAll(take(true));
          RequestContext context = trace;
          if (context != null) {
            finishTrace(context, getDelegate(), List.of());
          }
        });
  }

  /** Writes the held response: the TRACE end of the exchange when it was marked TRACE. */
  public Mono<Void> release() {
    return Mono.defer(
        () -> {
          List<DataBuffer> body = take(true);
          RequestContext context = trace;
          ServerHttpResponse response = getDelegate();
          if (context != null) {
            body = finishTrace(context, response, body);
          }
          if (body.isEmpty()) {
            return response.setComplete();
          }
          if (!response.getHeaders().containsHeader(HttpHeaders.CONTENT_LENGTH)
              && !response.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            long length = 0;
            for (DataBuffer buffer : body) {
              length += buffer.readableByteCount();
            }
            response.getHeaders().setContentLength(length);
          }
          return response
              .writeWith(Flux.fromIterable(body))
              .then(Mono.defer(response::setComplete));
        });
  }

  private List<DataBuffer> finishTrace(
      RequestContext context, ServerHttpResponse response, List<DataBuffer> body) {
    TraceReport report = TraceReport.from(context.sideEffects().report());
    HttpStatusCode code = response.getStatusCode();
    int status = code == null ? 200 : code.value();
    List<DataBuffer> out = body;
    if (report.requiresServerError() && status < 500) {
      out = replaceWithError(response, body, "TRACE request: a rollback failed, committed=unknown");
    } else if (report.hasViolations() && status < 400) {
      out =
          replaceWithError(
              response, body, "TRACE request: a side effect reached a backstop, see Trace-Report");
    }
    HttpHeaders headers = response.getHeaders();
    headers.set(TraceReport.TRACE_APPLIED_HEADER, TraceReport.TRACE_APPLIED_VALUE);
    headers.set(TraceReport.CACHE_CONTROL_HEADER, TraceReport.CACHE_CONTROL_VALUE);
    headers.set(TraceReport.SUMMARY_HEADER, report.headerValue());
    // The event carries the request's ids in its MDC fields, as the servlet filter's does.
    try (ContextScope scope = context.makeCurrent()) {
      TraceReports.publish(context, report);
    }
    return out;
  }

  private List<DataBuffer> replaceWithError(
      ServerHttpResponse response, List<DataBuffer> body, String message) {
    releaseAll(body);
    response.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
    HttpHeaders headers = response.getHeaders();
    headers.clearContentHeaders();
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    headers.setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
    headers.setContentLength(bytes.length);
    if (head) {
      return List.of();
    }
    List<DataBuffer> replaced = new ArrayList<>(1);
    replaced.add(response.bufferFactory().wrap(bytes));
    return replaced;
  }

  private static void releaseAll(List<DataBuffer> buffers) {
    for (DataBuffer buffer : buffers) {
      DataBufferUtils.release(buffer);
    }
  }
}
