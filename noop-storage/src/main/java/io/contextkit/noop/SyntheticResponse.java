package io.contextkit.noop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The response a TRACE request receives instead of calling a third party.
 *
 * @param status the HTTP status, 100 to 599
 * @param headers header names (case-insensitive, kept lowercase) to values
 * @param body the body bytes (copied; may be empty)
 */
public record SyntheticResponse(int status, Map<String, List<String>> headers, byte[] body) {

  /** Header set on every synthetic response, so callers and logs can tell. */
  public static final String SUPPRESSED_HEADER = "Trace-Suppressed";

  private static final SyntheticResponse ACCEPTED =
      new SyntheticResponse(202, Map.of(), new byte[0]);

  /** Validates and copies; adds {@value #SUPPRESSED_HEADER}{@code : true}. */
  public SyntheticResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599: " + status);
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> copy = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      copy.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(e.getValue()));
    }
    copy.put(SUPPRESSED_HEADER.toLowerCase(Locale.ROOT), List.of("true"));
    headers = Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  /** The default: {@code 202 Accepted}, an empty body and {@code Trace-Suppressed: true}. */
  public static SyntheticResponse accepted() {
    return ACCEPTED;
  }

  /** A response with {@code status}, a body and one content type. */
  public static SyntheticResponse of(int status, String contentType, byte[] body) {
    List<String> value = new ArrayList<>(1);
    value.add(contentType);
    return new SyntheticResponse(status, Map.of("content-type", value), body);
  }

  /** The body bytes (a copy). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyntheticResponse
        && ((SyntheticResponse) o).status == status
        && ((SyntheticResponse) o).headers.equals(headers)
        && java.util.Arrays.equals(((SyntheticResponse) o).body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "SyntheticResponse{" + status + ", " + headers + ", " + body.length + " bytes}";
  }
}
