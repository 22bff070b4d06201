package io.contextkit.quarkus.otel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testsupport.RecordingHttpServer;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls {@link RelayResource} and reads what its two destinations received. */
final class Relay {

  private Relay() {}

  /** What one relayed request left behind. */
  record Outcome(
      Map<String, String> answer,
      RecordingHttpServer.Request internal,
      RecordingHttpServer.Request thirdParty) {}

  /** Calls {@code /relay} with the given headers and returns the answer and both calls. */
  static Outcome call(String tag, Map<String, String> headers) {
    RequestSpecification request = given().queryParam("tag", tag);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      request = request.header(header.getKey(), header.getValue());
    }
    io.restassured.response.Response response = request.get("/relay");
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    Map<String, String> answer = new LinkedHashMap<>();
    for (String line : response.asString().split("\n")) {
      int eq = line.indexOf('=');
      answer.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new Outcome(answer, only("/internal-" + tag), only("/third-" + tag));
  }

  private static RecordingHttpServer.Request only(String path) {
    List<RecordingHttpServer.Request> received = HeaderStub.requestsTo(path);
    assertThat(received).as("requests to %s", path).hasSize(1);
    return received.get(0);
  }
}
