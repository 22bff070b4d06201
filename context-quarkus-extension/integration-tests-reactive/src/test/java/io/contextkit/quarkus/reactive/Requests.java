package io.contextkit.quarkus.reactive;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicInteger;

/** STANDARD and TRACE requests from this machine, which the application trusts as a hop. */
final class Requests {

  private static final AtomicInteger IDS = new AtomicInteger();

  private Requests() {}

  static RequestSpecification standard() {
    return given().contentType(ContentType.JSON);
  }

  /** A TRACE request with the given {@code X-Request-Id} (to find its report in the log). */
  static RequestSpecification trace(String requestId) {
    return given()
        .contentType(ContentType.JSON)
        .header("baggage", "request_type=TRACE")
        .header("X-Request-Id", requestId);
  }

  /** A fresh request id. */
  static String id(String prefix) {
    return prefix + "-" + IDS.incrementAndGet();
  }

  static String json(String name) {
    return "{\"name\":\"" + name + "\"}";
  }
}
