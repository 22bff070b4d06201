package io.contextkit.spring.autoconfigure.trace.app;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Request;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for another service: answers 200 with a JSON id, with or without a
 * Trace-Applied header, and logs every request it receives (method, path, baggage).
 */
public final class StubServer implements AutoCloseable {

  private final RecordingHttpServer server;

  private StubServer(boolean acknowledge) {
    AtomicInteger counter = new AtomicInteger();
    server =
        RecordingHttpServer.start(
            request -> {
              Response created =
                  Response.json(200, "{\"id\":\"ch_real_" + counter.incrementAndGet() + "\"}");
              return acknowledge
                  ? created.withHeader("Trace-Applied", "request_type=TRACE")
                  : created;
            });
  }

  /** A server that never acknowledges TRACE. */
  public static StubServer start() {
    return new StubServer(false);
  }

  /** A server that answers every request with {@code Trace-Applied: request_type=TRACE}. */
  public static StubServer startAcknowledging() {
    return new StubServer(true);
  }

  public int port() {
    return server.port();
  }

  /** What the server received so far, in order: {@code METHOD path baggage=<baggage>}. */
  public List<String> log() {
    return server.requests().stream()
        .map(r -> r.method() + " " + r.path() + " baggage=" + r.header("baggage"))
        .toList();
  }

  /** The requests received so far, in order. */
  public List<Request> requests() {
    return server.requests();
  }

  @Override
  public void close() {
    server.close();
  }
}
