package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.noop.TraceReport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Holds the bodies Quarkus REST would stream for a TRACE request, so that what the request does
 * while its body is produced is in the report before anything is sent: a {@code Multi} is collected
 * whole before its first item is written, a {@code StreamingOutput} is written to memory before the
 * response. When the report then shows a violation or {@code committed=unknown}, the body is never
 * sent: the request fails with a 500 instead (the response filters and the TRACE headers run as for
 * any error). A stream whose headers Quarkus REST writes before the first item (server-sent events)
 * cannot become a 500 any more: its connection is reset instead, so the client never sees a
 * complete stream.
 */
final class TraceHeldBodies {

  static final String VIOLATION =
      "TRACE request: a side effect reached a backstop, see Trace-Report";
  static final String UNKNOWN = "TRACE request: a rollback failed, committed=unknown";

  private TraceHeldBodies() {}

  /**
   * A {@code Multi} that emits the items of {@code multi} only once it completed, and fails instead
   * when {@code context}'s report then requires an error.
   *
   * @param response the response the items go to, reset when its headers already went out
   */
  static <T> Multi<T> hold(
      Multi<T> multi, RequestContext context, @Nullable HttpServerResponse response) {
    Uni<List<T>> collected =
        Uni.createFrom()
            .emitter(
                emitter -> {
                  // The method's scope is closed by now: what the stream produces while it is
                  // subscribed here (synchronous sources) runs in the request's context; later
                  // signals carry it through context propagation.
                  try (ContextScope scope = context.makeCurrent()) {
                    Cancellable upstream =
                        multi.collect().asList().subscribe().with(emitter::complete, emitter::fail);
                    // A client that goes away cancels the stream, as it would without holding.
                    emitter.onTermination(upstream::cancel);
                  }
                });
    return collected
        .onItem()
        .transformToMulti(
            (List<T> items) -> {
              String failure = failure(context);
              if (failure == null) {
                return Multi.createFrom().iterable(items);
              }
              if (response != null && response.headWritten()) {
                response.reset();
              }
              return Multi.createFrom().<T>failure(serverError(failure));
            });
  }

  /** A {@code StreamingOutput} that writes {@code output} to memory first; see the class. */
  static StreamingOutput hold(StreamingOutput output, RequestContext context) {
    return out -> {
      ByteArrayOutputStream held = new ByteArrayOutputStream();
      // Quarkus REST writes the entity after the response filters closed the request's scope:
      // what the output does must still run, and be guarded and reported, as TRACE.
      try (ContextScope scope = context.makeCurrent()) {
        output.write(held);
      }
      String failure = failure(context);
      if (failure != null) {
        throw serverError(failure);
      }
      held.writeTo(out);
    };
  }

  /** The 500 message {@code context}'s report requires, or {@code null} when it may succeed. */
  static @Nullable String failure(RequestContext context) {
    TraceReport report = TraceReport.from(context.sideEffects().report());
    if (report.requiresServerError()) {
      return UNKNOWN;
    }
    return report.hasViolations() ? VIOLATION : null;
  }

  private static WebApplicationException serverError(String message) {
    return new WebApplicationException(
        Response.status(Response.Status.INTERNAL_SERVER_ERROR)
            .type(MediaType.TEXT_PLAIN_TYPE)
            .entity(message)
            .build());
  }
}
