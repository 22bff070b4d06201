package io.contextkit.quarkus.test.thirdparty;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

/** Calls {@code /hop/relay} as a trusted peer with a whole context. */
final class Relay {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private Relay() {}

  /** The context headers the relay's REST client call carried. */
  static Map<String, String> sent() {
    String text =
        given()
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .header("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
            .header("baggage", "user_id=alice,account_id=acme")
            .header("x-request-id", "req-1")
            .get("/hop/relay")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        headers.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return headers;
  }
}
