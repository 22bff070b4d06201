package io.contextkit.quarkus.test.trace;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for downstream services: it logs every request ({@code METHOD path
 * baggage}) and serves the log at {@code GET /log}. Paths starting with {@code /ack} answer with
 * {@code Trace-Applied: request_type=TRACE}, as a ContextKit service does. One server per JVM (the
 * test class is loaded by two class loaders), found through a system property.
 */
public final class Stub {

  private static final String PROPERTY = "contextkit.test.stub.port";

  private Stub() {}

  public static synchronized int port() {
    String existing = System.getProperty(PROPERTY);
    if (existing != null) {
      return Integer.parseInt(existing);
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
      List<String> log = new CopyOnWriteArrayList<>();
      server.createContext("/", exchange -> handle(exchange, log));
      server.start();
      int port = server.getAddress().getPort();
      System.setProperty(PROPERTY, Integer.toString(port));
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The requests the stub received so far, one {@code METHOD path baggage} line each. */
  public static List<String> requests() {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/log")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void handle(HttpExchange exchange, List<String> log) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    byte[] body;
    if (path.equals("/log")) {
      body = String.join("\n", log).getBytes(StandardCharsets.UTF_8);
    } else {
      String baggage = exchange.getRequestHeaders().getFirst("baggage");
      log.add(exchange.getRequestMethod() + " " + path + " " + (baggage == null ? "-" : baggage));
      if (path.startsWith("/ack")) {
        exchange.getResponseHeaders().add("Trace-Applied", "request_type=TRACE");
      }
      body = "real".getBytes(StandardCharsets.UTF_8);
    }
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
