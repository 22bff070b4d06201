package io.contextkit.benchmarks;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.opentelemetry.api.baggage.Baggage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one payload every benchmark carries, whichever system carries it: six fields, as ContextKit
 * projects them onto the MDC (trace_id, request_id, user_id, account_id, request_type, license) or
 * as OpenTelemetry baggage entries of the same names and values.
 */
final class Payload {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_ID = "00f067aa0ba902b7";
  static final String REQUEST_ID = "req-7f3c9a2e-5b1d-4c8e-9f6a-1d2e3f4a5b6c";
  static final String USER_ID = "alice@example.com";
  static final String ACCOUNT_ID = "acme-corp";
  static final String REQUEST_TYPE = "STANDARD";
  static final String LICENSE = "ENTERPRISE";

  /** The six MDC keys, in the order ContextKit writes them. */
  static final String[] KEYS = {
    "trace_id", "request_id", "user_id", "account_id", "request_type", "license"
  };

  /** The values of {@link #KEYS}, index by index. */
  static final String[] VALUES = {TRACE_ID, REQUEST_ID, USER_ID, ACCOUNT_ID, REQUEST_TYPE, LICENSE};

  private Payload() {}

  /**
   * Our request context with exactly the six fields: no parent id and no tester flag, so the MDC
   * projection writes the same six keys the incumbents write.
   */
  static RequestContext requestContext() {
    return RequestContext.builder()
        .traceId(TRACE_ID)
        .requestId(REQUEST_ID)
        .userId(USER_ID)
        .accountId(ACCOUNT_ID)
        .requestType(RequestType.STANDARD)
        .license(LICENSE)
        .build();
  }

  /** OpenTelemetry baggage holding the same six entries. */
  static Baggage otelBaggage() {
    var builder = Baggage.builder();
    for (int i = 0; i < KEYS.length; i++) {
      builder.put(KEYS[i], VALUES[i]);
    }
    return builder.build();
  }

  /** The six entries as a map, for the MDC-based incumbents. */
  static Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < KEYS.length; i++) {
      map.put(KEYS[i], VALUES[i]);
    }
    return map;
  }

  /** Fails the benchmark set-up when a system did not carry the payload. */
  static void check(String system, String what, @org.jspecify.annotations.Nullable String actual) {
    if (!USER_ID.equals(actual)) {
      throw new IllegalStateException(
          system + " did not carry the context (" + what + " was " + actual + ")");
    }
  }
}
