package io.contextkit.quarkus.otel;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for the application's downstream destinations. It records every
 * request with all its header lines, repeated headers included, and serves the record at {@code GET
 * /log}. The test class is loaded by two class loaders (JUnit's and Quarkus'), so the one server of
 * the JVM is found through a system property and read over HTTP.
 */
final class HeaderStub {

  private static final String PROPERTY = "contextkit.test.header-stub.port";

  private HeaderStub() {}

  /** One request the stub received: its path and its header lines, names in lower case. */
  record Received(String path, List<Map.Entry<String, String>> headers) {

    /** The values of every header line named {@code name}, in arrival order. */
    List<String> values(String name) {
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, String> header : headers) {
        if (header.getKey().equals(name)) {
          values.add(header.getValue());
        }
      }
      return values;
    }

    /** Every header line as {@code name: value}. */
    String allHeaders() {
      StringBuilder text = new StringBuilder();
      for (Map.Entry<String, String> header : headers) {
        text.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
      }
      return text.toString();
    }
  }

  static synchronized int port() {
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

  /** The requests received so far whose path is {@code path}. */
  static List<Received> requestsTo(String path) {
    List<Received> matching = new ArrayList<>();
    for (String line : log()) {
      String[] parts = line.split("\t");
      if (!parts[0].equals(path)) {
        continue;
      }
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (int i = 1; i < parts.length; i++) {
        int colon = parts[i].indexOf(':');
        headers.add(Map.entry(parts[i].substring(0, colon), parts[i].substring(colon + 1)));
      }
      matching.add(new Received(path, List.copyOf(headers)));
    }
    return matching;
  }

  private static List<String> log() {
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
      // One tab-separated line: the path, then every header line (the JDK server keeps repeated
      // headers as several values of one name).
      StringBuilder line = new StringBuilder(path);
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        for (String value : header.getValue()) {
          line.append('\t').append(header.getKey().toLowerCase(Locale.ROOT)).append(':');
          line.append(value);
        }
      }
      log.add(line.toString());
      body = "ok".getBytes(StandardCharsets.UTF_8);
    }
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
