package io.contextkit.spring.autoconfigure.boottracing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK {@code HttpServer} on the loopback address that answers 204 to every request (with {@code
 * Trace-Applied} when its baggage asks for TRACE, as a ContextKit service would) and records its
 * path and headers. The applications reach it as {@code localhost} (an internal host) and as {@code
 * 127.0.0.1} (a third party), so one server sees both sides of the trust boundary.
 */
final class RecordingDestination {

  /** One request as the destination received it; header names lower-case, values in order. */
  record Received(String path, Map<String, List<String>> headers) {

    /** Every value of header {@code name}, one per header line. */
    List<String> all(String name) {
      return headers.getOrDefault(name, List.of());
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private RecordingDestination(HttpServer server) {
    this.server = server;
  }

  static RecordingDestination start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RecordingDestination destination = new RecordingDestination(server);
    server.createContext(
        "/",
        exchange -> {
          Map<String, List<String>> headers = new TreeMap<>();
          for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers
                .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(h.getValue());
          }
          destination.received.add(
              new Received(exchange.getRequestURI().getPath(), Map.copyOf(headers)));
          // A ContextKit service acknowledges a TRACE request it was asked to run as TRACE.
          for (String baggage : headers.getOrDefault("baggage", List.of())) {
            if (baggage.contains("request_type=TRACE")) {
              exchange.getResponseHeaders().set("Trace-Applied", "request_type=TRACE");
            }
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return destination;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void reset() {
    received.clear();
  }

  /** The one request received on {@code path} since the last reset. */
  Received only(String path) {
    List<Received> found = new ArrayList<>();
    for (Received r : received) {
      if (r.path().equals(path)) {
        found.add(r);
      }
    }
    if (found.size() != 1) {
      throw new AssertionError("expected one request to " + path + ", got " + found);
    }
    return found.get(0);
  }

  List<Received> all() {
    return List.copyOf(received);
  }
}
