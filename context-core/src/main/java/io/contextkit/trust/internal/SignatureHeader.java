package io.contextkit.trust.internal;

import org.jspecify.annotations.Nullable;

/**
 * Syntax of the context signature header, version 1:
 *
 * <pre>
 * v1;kid=&lt;key id&gt;;exp=&lt;epoch seconds&gt;;sig=&lt;base64url HMAC-SHA256&gt;
 * </pre>
 *
 * <p>The parameters appear exactly in this order, once each; the key id matches {@code
 * [A-Za-z0-9._-]{1,32}}; the expiry is 1 to 12 decimal digits without leading zeros; the signature
 * is non-empty canonical unpadded base64url of at most {@value #MAX_SIGNATURE_CHARS} characters.
 * Leading and trailing spaces and tabs (HTTP optional whitespace) are ignored. Anything else is
 * malformed. Each accepted header therefore has exactly one text form, so no changed byte can leave
 * the parsed value unchanged.
 */
public final class SignatureHeader {

  /** The version tag this parser accepts. */
  public static final String VERSION = "v1";

  /** Longest header accepted; longer input is rejected before it is scanned. */
  public static final int MAX_LENGTH = 256;

  /** Longest accepted key id. */
  public static final int MAX_KEY_ID_LENGTH = 32;

  /** Longest accepted signature text (base64url characters). */
  public static final int MAX_SIGNATURE_CHARS = 88;

  private static final int MAX_EXPIRY_DIGITS = 12;
  private static final String PREFIX = "v1;kid=";
  private static final String EXPIRY = ";exp=";
  private static final String SIGNATURE = ";sig=";

  private final String keyId;
  private final long expiry;
  private final byte[] signature;

  private SignatureHeader(String keyId, long expiry, byte[] signature) {
    this.keyId = keyId;
    this.expiry = expiry;
    this.signature = signature;
  }

  /** The key id. */
  public String keyId() {
    return keyId;
  }

  /** Expiry in seconds since the epoch. */
  public long expiry() {
    return expiry;
  }

  /** The MAC bytes as sent (the caller must not modify them). */
  public byte[] signature() {
    return signature;
  }

  /** Formats a header; the caller guarantees a valid key id and a non-negative expiry. */
  public static String format(String keyId, long expiry, byte[] mac) {
    return PREFIX + keyId + EXPIRY + expiry + SIGNATURE + Base64Url.encode(mac);
  }

  /**
   * Parses a header value. Never throws.
   *
   * @return the parsed header, or {@code null} when {@code value} is not exactly of the v1 form
   */
  public static @Nullable SignatureHeader parse(@Nullable String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return null;
    }
    int from = 0;
    int to = value.length();
    while (from < to && isOws(value.charAt(from))) {
      from++;
    }
    while (to > from && isOws(value.charAt(to - 1))) {
      to--;
    }
    if (!value.startsWith(PREFIX, from)) {
      return null;
    }
    int kidStart = from + PREFIX.length();
    int i = kidStart;
    while (i < to && isKeyIdChar(value.charAt(i))) {
      i++;
    }
    int kidLength = i - kidStart;
    if (kidLength < 1 || kidLength > MAX_KEY_ID_LENGTH || !value.startsWith(EXPIRY, i)) {
      return null;
    }
    int kidEnd = i;
    i += EXPIRY.length();
    int expStart = i;
    long expiry = 0;
    while (i < to && i - expStart <= MAX_EXPIRY_DIGITS) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      expiry = expiry * 10 + (c - '0');
      i++;
    }
    int expDigits = i - expStart;
    if (expDigits < 1
        || expDigits > MAX_EXPIRY_DIGITS
        || (expDigits > 1 && value.charAt(expStart) == '0')
        || !value.startsWith(SIGNATURE, i)) {
      return null;
    }
    int sigStart = i + SIGNATURE.length();
    if (to - sigStart > MAX_SIGNATURE_CHARS) {
      return null;
    }
    byte[] signature = Base64Url.decode(value, sigStart, to);
    if (signature == null) {
      return null;
    }
    return new SignatureHeader(value.substring(kidStart, kidEnd), expiry, signature);
  }

  /** Whether {@code keyId} is a valid key id: {@code [A-Za-z0-9._-]{1,32}}. */
  public static boolean isValidKeyId(@Nullable String keyId) {
    if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_KEY_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < keyId.length(); i++) {
      if (!isKeyIdChar(keyId.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKeyIdChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }
}
