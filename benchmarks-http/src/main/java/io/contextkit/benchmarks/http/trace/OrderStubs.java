package io.contextkit.benchmarks.http.trace;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spring-orders sample's collaborators as one real HTTP server: the inventory service ({@code
 * POST /reservations}, addressed as {@code localhost}, inside the trust boundary) and the payment
 * provider ({@code POST /charges}, addressed as {@code 127.0.0.1}, a third party). Like a real
 * ContextKit service the inventory acknowledges a TRACE request with {@code Trace-Applied} and
 * reserves nothing for it; it counts what it really reserved and charged.
 */
final class OrderStubs implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicLong reserved = new AtomicLong();
  private final AtomicLong traceReservations = new AtomicLong();
  private final AtomicLong charged = new AtomicLong();

  OrderStubs() throws IOException {
    server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/reservations", this::reservation);
    server.createContext("/charges", this::charge);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** STANDARD reservations really made. */
  long reserved() {
    return reserved.get();
  }

  /** TRACE reservations acknowledged (and not made). */
  long traceReservations() {
    return traceReservations.get();
  }

  /** Charges really made. */
  long charged() {
    return charged.get();
  }

  private void reservation(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String baggage = exchange.getRequestHeaders().getFirst("baggage");
    long orderId = number(body, "\"orderId\":");
    if (baggage != null && baggage.contains("request_type=TRACE")) {
      exchange.getResponseHeaders().set("Trace-Applied", "request_type=TRACE");
      traceReservations.incrementAndGet();
    } else {
      reserved.incrementAndGet();
    }
    answer(
        exchange,
        201,
        "{\"id\":"
            + ids.incrementAndGet()
            + ",\"orderId\":"
            + orderId
            + ",\"status\":\"RESERVED\"}");
  }

  private void charge(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (!body.contains("\"orderId\"") || !body.contains("\"amountCents\"")) {
      answer(exchange, 400, "{\"error\":\"orderId and amountCents required\"}");
      return;
    }
    charged.incrementAndGet();
    answer(
        exchange, 201, "{\"id\":\"pay_" + ids.incrementAndGet() + "\",\"status\":\"authorized\"}");
  }

  /** The non-negative integer after {@code key} in {@code json}, or -1. */
  private static long number(String json, String key) {
    int at = json.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length();
    while (i < json.length() && json.charAt(i) == ' ') {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < json.length() && Character.isDigit(json.charAt(i))) {
      value = value * 10 + (json.charAt(i) - '0');
      i++;
      digits++;
    }
    return digits == 0 ? -1 : value;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
