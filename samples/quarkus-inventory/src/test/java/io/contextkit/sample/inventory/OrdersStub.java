package io.contextkit.sample.inventory;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Request;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Stands in for the orders service (and for a trace-context harness endpoint): a recording HTTP
 * server that answers {@code GET /orders/{id}} for the {@code inventory} service user only and 200
 * to anything else. The test reads what arrived back over HTTP, so it does not matter which class
 * loader the test runs in.
 */
final class OrdersStub {

  static final String AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("inventory:inventory-pw".getBytes(StandardCharsets.UTF_8));

  private OrdersStub() {}

  static Response answer(Request request) {
    if (!request.path().startsWith("/orders/")) {
      return Response.empty(200);
    }
    if (!AUTHORIZATION.equals(request.header("authorization"))) {
      return Response.empty(401);
    }
    String id = request.path().substring("/orders/".length());
    // The whole shape the orders service answers with; the inventory reads only some fields.
    return Response.json(
        200,
        "{\"id\":"
            + id
            + ",\"sku\":\"ABC-1\",\"quantity\":2,\"unitPriceCents\":1000,"
            + "\"pricing\":\"standard\",\"reservationId\":null,\"paymentId\":null,"
            + "\"status\":\"CREATED\"}");
  }

  /**
   * The last request the stub received on {@code path}: {@code method}, every header by lower-case
   * name (repeated ones joined by commas) and {@code body}.
   */
  static Map<String, String> received(String path) {
    String url = ConfigProvider.getConfig().getValue("inventory.orders-url", String.class);
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    List<Request> requests = RecordingHttpServer.at(port).requestsTo(path);
    if (requests.isEmpty()) {
      throw new AssertionError("the orders stub received no request on " + path);
    }
    Request request = requests.get(requests.size() - 1);
    Map<String, String> seen = new TreeMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      seen.merge(header.getKey(), header.getValue(), (a, b) -> a + "," + b);
    }
    seen.put("method", request.method());
    seen.put("body", request.body());
    return seen;
  }
}
