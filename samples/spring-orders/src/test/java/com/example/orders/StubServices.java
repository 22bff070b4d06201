package com.example.orders;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Request;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<Long> reservedOrders = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final RecordingHttpServer server = RecordingHttpServer.start(this::answer);

  private StubServices() {}

  static StubServices start() {
    return new StubServices();
  }

  int port() {
    return server.port();
  }

  /** Every request received on {@code path}, in order. */
  List<Request> received(String path) {
    return server.requestsTo(path);
  }

  /** The order ids the inventory really reserved stock for (STANDARD requests only). */
  List<Long> reservedOrders() {
    return List.copyOf(reservedOrders);
  }

  private Response answer(Request request) {
    if (request.path().startsWith("/reservations")) {
      long orderId = JSON.readTree(request.body()).path("orderId").asLong();
      int id = ids.incrementAndGet();
      if (!request.isTrace()) {
        reservedOrders.add(orderId);
      }
      return Response.json(
              201, "{\"id\":" + id + ",\"orderId\":" + orderId + ",\"status\":\"RESERVED\"}")
          .acknowledgingTrace(request);
    }
    if (request.path().startsWith("/charges")) {
      JsonNode charge = JSON.readTree(request.body());
      if (!charge.has("orderId") || !charge.has("amountCents")) {
        return Response.json(400, "{\"error\":\"orderId and amountCents required\"}");
      }
      return Response.json(
          201, "{\"id\":\"pay_" + ids.incrementAndGet() + "\",\"status\":\"authorized\"}");
    }
    if (request.path().startsWith("/conformance")) {
      return Response.json(200, "{}");
    }
    return Response.empty(404);
  }

  @Override
  public void close() {
    server.close();
  }
}
