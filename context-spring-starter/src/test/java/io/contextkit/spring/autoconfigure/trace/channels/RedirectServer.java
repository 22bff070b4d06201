package io.contextkit.spring.autoconfigure.trace.channels;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.util.List;

/**
 * A real HTTP server standing in for an internal service that answers every request with a 302 to
 * {@code location}, acknowledging TRACE; logs what it received (path and baggage).
 */
final class RedirectServer implements AutoCloseable {

  private final RecordingHttpServer server;

  RedirectServer(String location) {
    server =
        RecordingHttpServer.start(
            request ->
                Response.empty(302)
                    .withHeader("Location", location)
                    .withHeader("Trace-Applied", "request_type=TRACE"));
  }

  int port() {
    return server.port();
  }

  List<String> log() {
    return server.requests().stream()
        .map(r -> r.path() + " baggage=" + r.header("baggage"))
        .toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
