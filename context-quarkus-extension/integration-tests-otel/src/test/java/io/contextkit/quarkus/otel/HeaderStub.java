package io.contextkit.quarkus.otel;

import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.util.List;

/**
 * The one recording HTTP server of the JVM standing in for the application's downstream
 * destinations (the test class is loaded by JUnit's and Quarkus' class loaders; both find it).
 */
final class HeaderStub {

  private HeaderStub() {}

  static int port() {
    return server().port();
  }

  /** The requests received so far whose path is {@code path}. */
  static List<RecordingHttpServer.Request> requestsTo(String path) {
    return server().requestsTo(path);
  }

  private static RecordingHttpServer server() {
    return RecordingHttpServer.shared("otel-header-stub", request -> Response.ok("ok"));
  }
}
