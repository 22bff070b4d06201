package io.contextkit.w3c;

import io.contextkit.w3c.internal.Ascii;
import org.jspecify.annotations.Nullable;

/**
 * Validation of the {@code X-Request-Id} header used by Envoy, Istio and nginx.
 *
 * <p>A valid id is 1 to {@value #MAX_LENGTH} visible ASCII characters (0x21-0x7E) other than {@code
 * "} and {@code \}, after trimming surrounding spaces and tabs. That admits UUIDs and the hex ids
 * proxies generate while keeping the value safe to log unescaped and to embed in JSON. Invalid
 * input yields {@code null}; nothing throws. Thread-safe.
 */
public final class RequestIdCodec {

  /** Maximum length of a request id in characters. */
  public static final int MAX_LENGTH = 128;

  private RequestIdCodec() {}

  /**
   * Parses a raw {@code X-Request-Id} value.
   *
   * @return the trimmed id, or {@code null} when absent or invalid
   */
  public static @Nullable String parse(@Nullable CharSequence value) {
    if (value == null) {
      return null;
    }
    int start = Ascii.skipOws(value, 0, value.length());
    int end = Ascii.trimOwsEnd(value, start, value.length());
    return isValid(value, start, end) ? value.subSequence(start, end).toString() : null;
  }

  /** Reads the first {@code x-request-id} header of a carrier and parses it. */
  public static <C> @Nullable String extract(C carrier, HeaderGetter<C> getter) {
    return parse(getter.get(carrier, W3CHeaders.REQUEST_ID));
  }

  /** Whether {@code id} is a valid request id as it stands (no trimming). */
  public static boolean isValid(CharSequence id) {
    return isValid(id, 0, id.length());
  }

  private static boolean isValid(CharSequence s, int from, int to) {
    int length = to - from;
    if (length < 1 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** Writes {@code id} as the {@code x-request-id} header after validating it. */
  public static <C> void inject(C carrier, HeaderSetter<C> setter, String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("id is not a valid request id");
    }
    setter.set(carrier, W3CHeaders.REQUEST_ID, id);
  }
}
