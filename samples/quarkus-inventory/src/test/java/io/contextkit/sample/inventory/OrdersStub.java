package io.contextkit.sample.inventory;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Request;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * Orders from here on are not readable at first: the stub answers their first {@link
   * #NOT_YET_COMMITTED} reads 404, as the orders service does while the order's transaction is
   * still open.
   */
  static final long FIRST_LATE_ORDER = 100_000;

  static final int NOT_YET_COMMITTED = 3;

  /** Orders from here on never exist (their transaction rolled back): every read is 404. */
  static final long FIRST_UNKNOWN_ORDER = 200_000;

  private static final Map<String, AtomicInteger> READS = new ConcurrentHashMap<>();

  private OrdersStub() {}

  static Response answer(Request request) {
    if (!request.path().startsWith("/orders/")) {
      return Response.empty(200);
    }
    if (!AUTHORIZATION.equals(request.header("authorization"))) {
      return Response.empty(401);
    }
    String id = request.path().substring("/orders/".length());
    long orderId = Long.parseLong(id);
    int read = READS.computeIfAbsent(id, any -> new AtomicInteger()).incrementAndGet();
    if (orderId >= FIRST_UNKNOWN_ORDER
        || (orderId >= FIRST_LATE_ORDER && read <= NOT_YET_COMMITTED)) {
      return Response.empty(404);
    }
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
    List<Request> requests = requestsTo(path);
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

  /** Every request the stub received on {@code path}, oldest first. */
  static List<Request> requestsTo(String path) {
    String url = ConfigProvider.getConfig().getValue("inventory.orders-url", String.class);
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    return RecordingHttpServer.at(port).requestsTo(path);
  }
}
