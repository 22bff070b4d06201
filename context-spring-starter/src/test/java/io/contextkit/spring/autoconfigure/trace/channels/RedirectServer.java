package io.contextkit.spring.autoconfigure.trace.channels;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for an internal service that answers every request with a 302 to
 * {@code location}, acknowledging TRACE; logs what it received (path and baggage).
 */
final class RedirectServer implements AutoCloseable {

  private final HttpServer server;
  private final List<String> log = new CopyOnWriteArrayList<>();

  RedirectServer(String location) {
    try {
      server = HttpServer.create(new InetSocketAddress(0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          log.add(
              exchange.getRequestURI().getPath()
                  + " baggage="
                  + exchange.getRequestHeaders().getFirst("baggage"));
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Location", location);
          exchange.getResponseHeaders().set("Trace-Applied", "request_type=TRACE");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<String> log() {
    return List.copyOf(log);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
