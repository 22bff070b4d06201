package io.contextkit.samples.demo.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.contextkit.samples.demo.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The "payment provider", a third party from the services' point of view: a JDK HTTP server on
 * {@code 127.0.0.1} that records every request (method, path, headers, body) and answers {@code
 * POST /charges} with {@code 201 {"id":"pay_N","status":"authorized"}}, anything else with 404.
 * Safe for concurrent requests; {@link #requests()} returns a snapshot.
 */
public final class PaymentStub implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<RecordedRequest> requests = new ArrayList<>();

  private PaymentStub(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the stub on {@code 127.0.0.1:port}.
   *
   * @throws IOException when the port cannot be bound
   */
  public static PaymentStub start(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    PaymentStub stub = new PaymentStub(server, executor);
    server.createContext("/", stub::handle);
    server.setExecutor(executor);
    server.start();
    return stub;
  }

  /** The port the stub listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().toString();
      int number;
      synchronized (requests) {
        requests.add(new RecordedRequest(method, path, exchange.getRequestHeaders(), body));
        number = requests.size();
      }
      int status;
      byte[] response;
      if ("POST".equals(method) && exchange.getRequestURI().getPath().equals("/charges")) {
        status = 201;
        response =
            ("{\"id\":\"pay_" + number + "\",\"status\":\"authorized\"}")
                .getBytes(StandardCharsets.UTF_8);
      } else {
        status = 404;
        response = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, response.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    }
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
