package io.contextkit.trust.internal;

import io.contextkit.trust.SignedFields;
import org.jspecify.annotations.Nullable;

/**
 * The byte string a context signature MACs. It must be injective: two different (version, key id,
 * expiry, fields) tuples never produce the same bytes, otherwise a signature for one tuple would
 * verify another (e.g. userId {@code "a|b"} + accountId {@code "c"} against userId {@code "a"} +
 * accountId {@code "b|c"}).
 *
 * <p>Layout, version 1 (every element is self-delimiting, the element order is fixed):
 *
 * <pre>
 * str(domain) str(version) str(kid) u64(exp)
 * opt(traceId) opt(requestId) opt(userId) opt(accountId) u8(tester) opt(license) opt(requestType)
 *
 * str(s) = u32(byte length of utf8(s)) utf8(s)
 * opt(s) = u8(0)            when s is absent
 *        | u8(1) str(s)     when s is present (the empty string included)
 * u8, u32, u64 = unsigned big-endian integers of 1, 4 and 8 bytes; u8(tester) is 0 or 1
 * </pre>
 *
 * <p>{@code domain} is {@value #REQUEST_DOMAIN} for a signature on a request and {@value
 * #MESSAGE_DOMAIN} for one on a message: a message signature lives longer (a message waits in a
 * broker), so it must not verify as a request signature when copied onto an HTTP request.
 *
 * <p>{@code utf8} is standard UTF-8 for well-formed strings; an unpaired surrogate is encoded as
 * its own three-byte sequence (the WTF-8 rule) instead of being replaced by {@code '?'} the way
 * {@link String#getBytes} does, which would make {@code "\uD800"} and {@code "?"} collide.
 */
public final class CanonicalEncoding {

  /** The domain of a signature on a request (the first element of the encoding). */
  public static final String REQUEST_DOMAIN = "contextkit-context-signature";

  /** The domain of a signature on a message. */
  public static final String MESSAGE_DOMAIN = "contextkit-message-signature";

  private CanonicalEncoding() {}

  /** The canonical bytes of the given tuple in the request domain. */
  public static byte[] encode(String version, String keyId, long expiry, SignedFields fields) {
    return encode(REQUEST_DOMAIN, version, keyId, expiry, fields);
  }

  /** The canonical bytes of the given tuple; see the class documentation for the layout. */
  public static byte[] encode(
      String domain, String version, String keyId, long expiry, SignedFields fields) {
    int size =
        strSize(domain)
            + strSize(version)
            + strSize(keyId)
            + 8
            + optSize(fields.traceId())
            + optSize(fields.requestId())
            + optSize(fields.userId())
            + optSize(fields.accountId())
            + 1
            + optSize(fields.license())
            + optSize(fields.requestType());
    byte[] out = new byte[size];
    int p = 0;
    p = putStr(out, p, domain);
    p = putStr(out, p, version);
    p = putStr(out, p, keyId);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out[p++] = (byte) (expiry >>> shift);
    }
    p = putOpt(out, p, fields.traceId());
    p = putOpt(out, p, fields.requestId());
    p = putOpt(out, p, fields.userId());
    p = putOpt(out, p, fields.accountId());
    out[p++] = (byte) (fields.tester() ? 1 : 0);
    p = putOpt(out, p, fields.license());
    p = putOpt(out, p, fields.requestType());
    if (p != size) {
      throw new IllegalStateException("canonical encoding size mismatch: " + p + " != " + size);
    }
    return out;
  }

  private static int optSize(@Nullable String value) {
    return value == null ? 1 : 1 + strSize(value);
  }

  private static int strSize(String value) {
    return 4 + utf8Length(value);
  }

  private static int putOpt(byte[] out, int p, @Nullable String value) {
    if (value == null) {
      out[p] = 0;
      return p + 1;
    }
    out[p] = 1;
    return putStr(out, p + 1, value);
  }

  private static int putStr(byte[] out, int p, String value) {
    int length = utf8Length(value);
    out[p++] = (byte) (length >>> 24);
    out[p++] = (byte) (length >>> 16);
    out[p++] = (byte) (length >>> 8);
    out[p++] = (byte) length;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | c >>> 6);
        out[p++] = (byte) (0x80 | c & 0x3f);
      } else if (isPair(value, i)) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        out[p++] = (byte) (0xf0 | cp >>> 18);
        out[p++] = (byte) (0x80 | cp >>> 12 & 0x3f);
        out[p++] = (byte) (0x80 | cp >>> 6 & 0x3f);
        out[p++] = (byte) (0x80 | cp & 0x3f);
      } else {
        out[p++] = (byte) (0xe0 | c >>> 12);
        out[p++] = (byte) (0x80 | c >>> 6 & 0x3f);
        out[p++] = (byte) (0x80 | c & 0x3f);
      }
    }
    return p;
  }

  private static int utf8Length(String value) {
    int length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (isPair(value, i)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  private static boolean isPair(String value, int i) {
    return Character.isHighSurrogate(value.charAt(i))
        && i + 1 < value.length()
        && Character.isLowSurrogate(value.charAt(i + 1));
  }
}
