package io.contextkit.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.testsupport.RecordingHttpServer.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RecordingHttpServerTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void recordsMethodPathQueryRepeatedHeadersAndBodyAndAnswersWhatTheResponderSays()
      throws Exception {
    try (RecordingHttpServer server =
        RecordingHttpServer.start(
            request ->
                request.path().equals("/missing")
                    ? Response.empty(404)
                    : Response.json(201, "{\"id\":1}").acknowledgingTrace(request))) {
      HttpResponse<String> created =
          client.send(
              HttpRequest.newBuilder(URI.create(server.baseUri() + "/orders?x=1%202"))
                  .header("Baggage", "request_type=TRACE")
                  .header("X-Tag", "a")
                  .header("X-Tag", "b")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> missing =
          client.send(
              HttpRequest.newBuilder(URI.create(server.baseUri() + "/missing")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.body()).isEqualTo("{\"id\":1}");
      assertThat(created.headers().firstValue("Trace-Applied")).contains("request_type=TRACE");
      assertThat(missing.statusCode()).isEqualTo(404);
      RecordingHttpServer.Request order = server.only("/orders");
      assertThat(order.method()).isEqualTo("POST");
      assertThat(order.query()).isEqualTo("x=1%202");
      assertThat(order.headers("x-tag")).containsExactly("a", "b");
      assertThat(order.header("BAGGAGE")).isEqualTo("request_type=TRACE");
      assertThat(order.isTrace()).isTrue();
      assertThat(order.body()).isEqualTo("{\"n\":1}");
      assertThat(server.requests())
          .extracting(RecordingHttpServer.Request::path)
          .containsExactly("/orders", "/missing");
      server.clear();
      assertThat(server.requests()).isEmpty();
      assertThatThrownBy(() -> server.only("/orders")).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void aSharedServerIsFoundAgainByNameAndItsRecordIsReadOverHttp() throws Exception {
    RecordingHttpServer first =
        RecordingHttpServer.shared("recording-test", request -> Response.ok("first"));
    RecordingHttpServer again =
        RecordingHttpServer.shared("recording-test", request -> Response.ok("never used"));
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(URI.create(first.baseUri() + "/a path".replace(" ", "%20")))
                .header("Weird", "plus+, space and % sign")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(again.port()).isEqualTo(first.port());
    assertThat(answer.body()).isEqualTo("first");
    RecordingHttpServer.Request seen = again.only("/a path");
    assertThat(seen.header("weird")).isEqualTo("plus+, space and % sign");
    assertThat(seen.query()).isNull();
    assertThat(seen.body()).isEmpty();
  }
}
