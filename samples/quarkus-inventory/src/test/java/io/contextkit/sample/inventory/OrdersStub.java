package io.contextkit.sample.inventory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the orders service (and for a trace-context harness endpoint): a JDK HTTP server
 * that answers {@code GET /orders/{id}} for the {@code inventory} service user only and records the
 * headers of every call. The test reads what arrived back over HTTP ({@code GET /received/<key>}),
 * so it does not matter which class loader the test runs in.
 */
final class OrdersStub {

  static final String AUTHORIZATION =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString("inventory:inventory-pw".getBytes(StandardCharsets.UTF_8));

  private final HttpServer server;
  private final Map<String, String> received = new ConcurrentHashMap<>();

  private OrdersStub(HttpServer server) {
    this.server = server;
  }

  static OrdersStub start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
    OrdersStub stub = new OrdersStub(server);
    server.createContext("/orders/", stub::order);
    server.createContext("/harness/", stub::harness);
    server.createContext("/received/", stub::received);
    server.start();
    return stub;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  private void order(HttpExchange exchange) throws IOException {
    String id = exchange.getRequestURI().getPath().substring("/orders/".length());
    received.put("order-" + id, render(exchange, ""));
    if (!AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "");
      return;
    }
    answer(
        exchange,
        200,
        // The whole shape the orders service answers with; the inventory reads only some fields.
        "{\"id\":"
            + id
            + ",\"sku\":\"ABC-1\",\"quantity\":2,\"unitPriceCents\":1000,"
            + "\"pricing\":\"standard\",\"reservationId\":null,\"paymentId\":null,"
            + "\"status\":\"CREATED\"}");
  }

  private void harness(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestURI().getPath().substring("/harness/".length());
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    received.put("harness-" + key, render(exchange, body));
    answer(exchange, 200, "");
  }

  private void received(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestURI().getPath().substring("/received/".length());
    String seen = received.get(key);
    answer(exchange, seen == null ? 404 : 200, seen == null ? "" : seen);
  }

  /** One line per header, {@code name: value} with the name in lower case, then the body. */
  private static String render(HttpExchange exchange, String body) {
    Map<String, String> headers = new TreeMap<>();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      headers.put(
          header.getKey().toLowerCase(java.util.Locale.ROOT), String.join(",", header.getValue()));
    }
    StringBuilder out = new StringBuilder();
    out.append("method: ").append(exchange.getRequestMethod()).append('\n');
    for (Map.Entry<String, String> header : headers.entrySet()) {
      out.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
    }
    return out.append("body: ").append(body).append('\n').toString();
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
