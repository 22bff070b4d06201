package io.contextkit.quarkus.channels;

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
 * Two real HTTP servers standing in for downstream services, with one request log ({@code port
 * METHOD path baggage}, served at {@code GET /log} of either). Paths starting with {@code /ack}
 * answer {@code Trace-Applied: request_type=TRACE}, as a ContextKit service does. One pair per JVM
 * (QuarkusUnitTest loads the test classes twice), found through system properties.
 */
public final class Stub {

  private static final String PROPERTY = "contextkit.test.channels.stub.ports";

  private Stub() {}

  /** The first server's port. */
  public static int port() {
    return ports()[0];
  }

  /** The second server's port. */
  public static int otherPort() {
    return ports()[1];
  }

  private static synchronized int[] ports() {
    String existing = System.getProperty(PROPERTY);
    if (existing == null) {
      List<String> log = new CopyOnWriteArrayList<>();
      existing = start(log) + "," + start(log);
      System.setProperty(PROPERTY, existing);
    }
    String[] parts = existing.split(",");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  private static int start(List<String> log) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
      int port = server.getAddress().getPort();
      server.createContext("/", exchange -> handle(exchange, log, port));
      server.start();
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The requests received so far, one {@code port METHOD path baggage} line each. */
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

  /** The requests to {@code path}. */
  public static List<String> requestsTo(String path) {
    return requests().stream().filter(r -> r.contains(" /" + path + " ")).toList();
  }

  private static void handle(HttpExchange exchange, List<String> log, int port) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    byte[] body;
    if (path.equals("/log")) {
      body = String.join("\n", log).getBytes(StandardCharsets.UTF_8);
    } else {
      String baggage = exchange.getRequestHeaders().getFirst("baggage");
      log.add(
          port
              + " "
              + exchange.getRequestMethod()
              + " "
              + path
              + " "
              + (baggage == null ? "-" : baggage));
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
