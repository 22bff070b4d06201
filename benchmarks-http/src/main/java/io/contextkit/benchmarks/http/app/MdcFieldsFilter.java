package io.contextkit.benchmarks.http.app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Variant {@code mdc-filter} only: the {@code plain} class path plus this hand-written filter,
 * which puts the same six values the {@code contextkit} variant logs ({@code trace_id}, {@code
 * parent_id}, {@code request_id}, {@code user_id}, {@code account_id}, {@code request_type}) into
 * the MDC and takes them out again. No validation, no trust check, no scope: what it costs is the
 * price of logging six more fields, which the user asked for, apart from ContextKit's own work.
 */
@Component
@Profile("mdc-filter")
@Order(Ordered.HIGHEST_PRECEDENCE)
final class MdcFieldsFilter extends OncePerRequestFilter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String traceparent = request.getHeader("traceparent");
    String baggage = request.getHeader("baggage");
    String requestId = request.getHeader("X-Request-Id");
    putIfPresent(
        "trace_id",
        traceparent != null && traceparent.length() >= 35 ? traceparent.substring(3, 35) : null);
    MDC.put("parent_id", randomSpanId());
    putIfPresent("request_id", requestId);
    putIfPresent("user_id", entry(baggage, "user_id"));
    putIfPresent("account_id", entry(baggage, "account_id"));
    putIfPresent("request_type", entry(baggage, "request_type"));
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove("trace_id");
      MDC.remove("parent_id");
      MDC.remove("request_id");
      MDC.remove("user_id");
      MDC.remove("account_id");
      MDC.remove("request_type");
    }
  }

  private static void putIfPresent(String key, @Nullable String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  /** The value of entry {@code key} in a {@code k=v,k=v} baggage header, or {@code null}. */
  private static @Nullable String entry(@Nullable String baggage, String key) {
    if (baggage == null) {
      return null;
    }
    int from = 0;
    while (from < baggage.length()) {
      int end = baggage.indexOf(',', from);
      if (end < 0) {
        end = baggage.length();
      }
      if (baggage.startsWith(key, from)
          && from + key.length() < end
          && baggage.charAt(from + key.length()) == '=') {
        return baggage.substring(from + key.length() + 1, end);
      }
      from = end + 1;
    }
    return null;
  }

  private static String randomSpanId() {
    long id = ThreadLocalRandom.current().nextLong();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (id & 0xf)];
      id >>>= 4;
    }
    return new String(out);
  }
}
