package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropagatingHttpClientTest {

  private final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private URI uri;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(Map.copyOf(exchange.getRequestHeaders()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/echo");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void writesTheCurrentContextOntoEachRequestAndNothingWithoutOne() throws Exception {
    HttpClient client =
        PropagatingHttpClient.wrap(HttpClient.newHttpClient(), ContextPropagator.defaults());
    RequestContext context =
        RequestContext.builder()
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .requestId("req-http-1")
            .userId("alice")
            .build();

    try (ContextScope scope = context.makeCurrent()) {
      client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    }
    client
        .sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .get();

    assertThat(received).hasSize(2);
    assertThat(received.get(0)).containsKey("Traceparent");
    assertThat(received.get(0).get("Traceparent").get(0))
        .contains("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(received.get(1)).doesNotContainKey("Traceparent");
  }

  @Test
  void wrapsOnceAndUnwrapsToTheOriginal() {
    HttpClient original = HttpClient.newHttpClient();
    HttpClient wrapped = PropagatingHttpClient.wrap(original, ContextPropagator.defaults());

    assertThat(PropagatingHttpClient.wrap(wrapped, ContextPropagator.defaults())).isSameAs(wrapped);
    assertThat(((PropagatingHttpClient) wrapped).unwrap()).isSameAs(original);
    assertThat(wrapped.version()).isEqualTo(original.version());
  }
}
