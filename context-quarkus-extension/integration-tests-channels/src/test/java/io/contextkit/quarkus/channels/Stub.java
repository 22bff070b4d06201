package io.contextkit.quarkus.channels;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Request;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Two real HTTP servers standing in for downstream services, one pair per JVM (QuarkusUnitTest
 * loads the test classes twice). Paths starting with {@code /ack} answer {@code Trace-Applied:
 * request_type=TRACE}, as a ContextKit service does.
 */
public final class Stub {

  private Stub() {}

  /** The first server's port. */
  public static int port() {
    return server("channels-stub").port();
  }

  /** The second server's port. */
  public static int otherPort() {
    return server("channels-stub-other").port();
  }

  /** The requests received so far by either, one {@code port METHOD path baggage} line each. */
  public static List<String> requests() {
    List<String> lines = new ArrayList<>();
    for (RecordingHttpServer server :
        List.of(server("channels-stub"), server("channels-stub-other"))) {
      for (Request request : server.requests()) {
        lines.add(server.port() + " " + request.summary());
      }
    }
    return lines;
  }

  /** The requests to {@code path}. */
  public static List<String> requestsTo(String path) {
    return requests().stream().filter(r -> r.contains(" /" + path + " ")).toList();
  }

  private static RecordingHttpServer server(String name) {
    return RecordingHttpServer.shared(
        name,
        request ->
            request.path().startsWith("/ack")
                ? Response.ok("real").withHeader("Trace-Applied", "request_type=TRACE")
                : Response.ok("real"));
  }
}
