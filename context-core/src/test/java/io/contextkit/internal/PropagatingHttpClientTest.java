package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.testsupport.RecordingHttpServer;
import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropagatingHttpClientTest {

  private RecordingHttpServer server;
  private URI uri;

  @BeforeEach
  void startServer() {
    server = RecordingHttpServer.start(request -> Response.empty(204));
    uri = URI.create("http://127.0.0.1:" + server.port() + "/echo");
  }

  @AfterEach
  void stopServer() {
    server.close();
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

    List<RecordingHttpServer.Request> received = server.requests();
    assertThat(received).hasSize(2);
    assertThat(received.get(0).headers("traceparent"))
        .singleElement()
        .asString()
        .contains("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(received.get(1).headers("traceparent")).isEmpty();
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
