package com.example.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for the inventory service ({@code POST /reservations}) and the
 * payment provider ({@code POST /charges}), plus a sink for conformance calls ({@code POST
 * /conformance}). The test addresses it as {@code localhost} for the inventory (inside the trust
 * boundary) and as {@code 127.0.0.1} for the payment provider (a third party), so one server is
 * both.
 *
 * <p>Like a real ContextKit service, the inventory reserves nothing for a request whose baggage
 * says {@code request_type=TRACE}, and acknowledges it with {@code Trace-Applied}.
 */
final class StubServices implements AutoCloseable {

  /** One request as received. */
  record Received(
      String path,
      @Nullable String baggage,
      @Nullable String traceparent,
      @Nullable String tracestate,
      @Nullable String signature,
      String body) {

    boolean isTrace() {
      return baggage != null && baggage.contains("request_type=TRACE");
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Long> reservedOrders = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private StubServices() {
    try {
      server = HttpServer.create(new InetSocketAddress(0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/reservations", this::reservation);
    server.createContext("/charges", this::charge);
    server.createContext("/conformance", this::conformance);
    server.start();
  }

  static StubServices start() {
    return new StubServices();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Every request received on {@code path}, in order. */
  List<Received> received(String path) {
    List<Received> result = new ArrayList<>();
    for (Received r : received) {
      if (r.path().equals(path)) {
        result.add(r);
      }
    }
    return result;
  }

  /** The order ids the inventory really reserved stock for (STANDARD requests only). */
  List<Long> reservedOrders() {
    return List.copyOf(reservedOrders);
  }

  private Received record(HttpExchange exchange) throws IOException {
    Received r =
        new Received(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("baggage"),
            exchange.getRequestHeaders().getFirst("traceparent"),
            exchange.getRequestHeaders().getFirst("tracestate"),
            exchange.getRequestHeaders().getFirst("contextkit-signature"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    received.add(r);
    return r;
  }

  private void reservation(HttpExchange exchange) throws IOException {
    Received r = record(exchange);
    long orderId = JSON.readTree(r.body()).path("orderId").asLong();
    int id = ids.incrementAndGet();
    if (r.isTrace()) {
      exchange.getResponseHeaders().set("Trace-Applied", "request_type=TRACE");
    } else {
      reservedOrders.add(orderId);
    }
    answer(
        exchange, 201, "{\"id\":" + id + ",\"orderId\":" + orderId + ",\"status\":\"RESERVED\"}");
  }

  private void charge(HttpExchange exchange) throws IOException {
    Received r = record(exchange);
    JsonNode charge = JSON.readTree(r.body());
    if (!charge.has("orderId") || !charge.has("amountCents")) {
      answer(exchange, 400, "{\"error\":\"orderId and amountCents required\"}");
      return;
    }
    answer(
        exchange, 201, "{\"id\":\"pay_" + ids.incrementAndGet() + "\",\"status\":\"authorized\"}");
  }

  private void conformance(HttpExchange exchange) throws IOException {
    record(exchange);
    answer(exchange, 200, "{}");
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
