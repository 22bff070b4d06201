package io.contextkit.quarkus.test.trace;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Request;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.util.List;

/**
 * A real HTTP server standing in for downstream services, one per JVM (the test class is loaded by
 * two class loaders). Paths starting with {@code /ack} answer with {@code Trace-Applied:
 * request_type=TRACE}, as a ContextKit service does.
 */
public final class Stub {

  private Stub() {}

  public static int port() {
    return RecordingHttpServer.shared("trace-stub", Stub::answer).port();
  }

  /** The requests the stub received so far, one {@code METHOD path baggage} line each. */
  public static List<String> requests() {
    return RecordingHttpServer.shared("trace-stub", Stub::answer).requests().stream()
        .map(Request::summary)
        .toList();
  }

  static Response answer(Request request) {
    Response real = Response.ok("real");
    return request.path().startsWith("/ack")
        ? real.withHeader("Trace-Applied", "request_type=TRACE")
        : real;
  }
}
