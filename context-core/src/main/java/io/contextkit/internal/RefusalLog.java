package io.contextkit.internal;

import io.contextkit.ContextKit;
import io.contextkit.Refusal;
import java.lang.System.Logger.Level;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The framework-free end of every refusal ContextKit answers (400, 403, 503), shared by the Spring
 * and Quarkus integrations so that both count it and log it the same way: the refusal's counter is
 * incremented and one WARN line is written on the logger {@value #LOGGER}, of the shape
 *
 * <pre>{@code
 * ContextKit refused a request: status=403 reason=untrusted-trace request_id=4bf92f3577b34da6a3ce929d0e0e4736 peer=10.0.0.7
 * }</pre>
 *
 * followed, for a TRACE request refused for a missing permission, by {@code
 * expected_authority=CONTEXTKIT_TRACE|ROLE_CONTEXTKIT_TRACE}.
 *
 * <p>Nothing the caller wrote appears in the line except, escaped, the request id and the peer
 * address (which a forwarded-header setup may take from a header): never a header value, a path, a
 * secret or an exception message.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class RefusalLog {

  /** The logger of the refusal lines. */
  public static final String LOGGER = "io.contextkit.refusal";

  /** The longest escaped value written; longer ones are cut and end with {@code ...}. */
  static final int MAX_VALUE = 128;

  // The JDK's platform logger, as for Warnings: Spring Boot routes it to SLF4J, Quarkus to JBoss
  // Logging, so the line lands where the application's own lines do, with the thread's MDC.
  private static final System.Logger LOG = System.getLogger(LOGGER);

  private RefusalLog() {}

  /**
   * Counts {@code refusal} and writes its WARN line. Never throws.
   *
   * @param requestId the request id the response carries, or {@code null} when there is none
   * @param peer the remote address, or {@code null} when unknown
   */
  public static void refused(Refusal refusal, @Nullable String requestId, @Nullable String peer) {
    refused(refusal, requestId, peer, List.of());
  }

  /**
   * Counts {@code refusal} and writes its WARN line, which ends with {@code expected_authority=A|B}
   * naming the authorities that would have permitted the request (from the application's
   * configuration, never from the request). Never throws.
   *
   * @param expectedAuthorities the authorities a caller must hold, any one of them; empty when none
   *     could have permitted it (no authentication framework) or they are not known (an
   *     application's own identity resolver)
   */
  public static void refused(
      Refusal refusal,
      @Nullable String requestId,
      @Nullable String peer,
      List<String> expectedAuthorities) {
    ContextKit.counters().increment(refusal.counter());
    try {
      LOG.log(Level.WARNING, line(refusal, requestId, peer, expectedAuthorities));
    } catch (RuntimeException | LinkageError e) {
      // A broken logging setup must not turn a refusal into a 5xx.
    }
  }

  /** The line {@link #refused(Refusal, String, String)} writes. */
  public static String line(Refusal refusal, @Nullable String requestId, @Nullable String peer) {
    return line(refusal, requestId, peer, List.of());
  }

  /** The line {@link #refused(Refusal, String, String, List)} writes. */
  public static String line(
      Refusal refusal,
      @Nullable String requestId,
      @Nullable String peer,
      List<String> expectedAuthorities) {
    StringBuilder out = new StringBuilder(120);
    out.append("ContextKit refused a request: status=")
        .append(refusal.status())
        .append(" reason=")
        .append(refusal.reason())
        .append(" request_id=");
    escape(requestId, out);
    out.append(" peer=");
    escape(peer, out);
    if (!expectedAuthorities.isEmpty()) {
      out.append(" expected_authority=");
      for (int i = 0; i < expectedAuthorities.size(); i++) {
        if (i > 0) {
          out.append('|'); // never produced by escape, so the names stay separable
        }
        escape(expectedAuthorities.get(i), out);
      }
    }
    return out.toString();
  }

  /**
   * Appends {@code value} with every character outside {@code [A-Za-z0-9._:%@/+=-]} and the square
   * brackets of IPv6 literals written as {@code \xHH} or {@code \}{@code uHHHH}, so that a value
   * can neither break the line nor forge a field; {@code -} for {@code null} or empty.
   */
  static void escape(@Nullable String value, StringBuilder out) {
    if (value == null || value.isEmpty()) {
      out.append('-');
      return;
    }
    int end = Math.min(value.length(), MAX_VALUE);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (isPlain(c)) {
        out.append(c);
      } else if (c <= 0xFF) {
        out.append("\\x").append(hex(c >> 4)).append(hex(c));
      } else {
        out.append("\\u")
            .append(hex(c >> 12))
            .append(hex(c >> 8))
            .append(hex(c >> 4))
            .append(hex(c));
      }
    }
    if (value.length() > MAX_VALUE) {
      out.append("...");
    }
  }

  private static boolean isPlain(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == ':'
        || c == '%'
        || c == '@'
        || c == '/'
        || c == '+'
        || c == '='
        || c == '-'
        || c == '['
        || c == ']';
  }

  private static char hex(int nibble) {
    return "0123456789abcdef".charAt(nibble & 0xF);
  }
}
