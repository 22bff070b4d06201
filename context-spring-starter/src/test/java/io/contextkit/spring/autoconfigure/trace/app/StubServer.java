package io.contextkit.spring.autoconfigure.trace.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for another service; logs every request it receives (method, path,
 * baggage) and answers 200 with a JSON id, with or without a Trace-Applied header.
 */
public final class StubServer implements AutoCloseable {

  private final HttpServer server;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();

  private StubServer(boolean acknowledge) {
    try {
      server = HttpServer.create(new InetSocketAddress(0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String baggage = exchange.getRequestHeaders().getFirst("baggage");
          log.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " baggage="
                  + baggage);
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"id\":\"ch_real_" + counter.incrementAndGet() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          if (acknowledge) {
            exchange.getResponseHeaders().set("Trace-Applied", "request_type=TRACE");
          }
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
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
    return server.getAddress().getPort();
  }

  /** What the server received so far, in order. */
  public List<String> log() {
    return List.copyOf(log);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
