package io.contextkit;

import org.jspecify.annotations.Nullable;

/**
 * The fields of a {@link RequestContext}, with their wire and log names and their validation rules.
 *
 * <p>The {@link #key() key} is the snake_case name used everywhere: MDC keys, JSON log fields,
 * baggage entry names (by default) and span attributes, identical on Spring and Quarkus.
 *
 * <p>{@link #privileged() Privileged} fields carry identity or privilege; they are accepted from an
 * inbound hop only when the hop is trusted (see DESIGN.md § Wire format and trust).
 */
public enum ContextField {
  /** W3C trace id: 32 lowercase hex characters, not all zero. */
  TRACE_ID("trace_id", false, 32),
  /** W3C parent (span) id of the current hop: 16 lowercase hex characters, not all zero. */
  PARENT_ID("parent_id", false, 16),
  /**
   * One id per inbound request or message: 1 to 128 visible ASCII characters except {@code "} and
   * {@code \}.
   */
  REQUEST_ID("request_id", false, 128),
  /**
   * Who: the authenticated user. 1 to 256 characters, no control characters, no surrounding blanks.
   */
  USER_ID("user_id", true, 256),
  /** Which tenant: the account. Same rules as {@link #USER_ID}. */
  ACCOUNT_ID("account_id", true, 256),
  /** {@code STANDARD} or {@code TRACE}. */
  REQUEST_TYPE("request_type", true, 8),
  /** Whether the account is a tester account: {@code true} or {@code false}. */
  TESTER("tester", true, 5),
  /** Licence tier of the account: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
  LICENSE("license", true, 64);

  private final String key;
  private final boolean privileged;
  private final int maxLength;

  ContextField(String key, boolean privileged, int maxLength) {
    this.key = key;
    this.privileged = privileged;
    this.maxLength = maxLength;
  }

  /** The snake_case name of this field in logs, MDC, baggage and span attributes. */
  public String key() {
    return key;
  }

  /** Whether this field carries identity or privilege and so needs a trusted hop to be accepted. */
  public boolean privileged() {
    return privileged;
  }

  /** The largest number of characters a valid value may have. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Whether {@code value} is a valid value of this field. Never throws; {@code null} is not valid.
   *
   * <p>Control characters (including CR, LF, TAB and the Unicode line separators) are never valid
   * in any field, so a value that passes can be written to a log line without breaking it.
   */
  public boolean isValid(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > maxLength) {
      return false;
    }
    switch (this) {
      case TRACE_ID:
      case PARENT_ID:
        return value.length() == maxLength && isLowerHexNotAllZero(value);
      case REQUEST_ID:
        return isRequestIdChars(value);
      case USER_ID:
      case ACCOUNT_ID:
        return isPrintableText(value);
      case REQUEST_TYPE:
        return value.equals("STANDARD") || value.equals("TRACE");
      case TESTER:
        return value.equals("true") || value.equals("false");
      case LICENSE:
        return isLicenseChars(value);
      default:
        throw new AssertionError(this);
    }
  }

  /** Returns the field whose {@link #key()} is {@code key}, or {@code null}. */
  public static @Nullable ContextField forKey(String key) {
    for (ContextField field : VALUES) {
      if (field.key.equals(key)) {
        return field;
      }
    }
    return null;
  }

  private static final ContextField[] VALUES = values();

  private static boolean isLowerHexNotAllZero(String value) {
    boolean nonZero = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      if (!digit && !(c >= 'a' && c <= 'f')) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  private static boolean isRequestIdChars(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLicenseChars(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrintableText(String value) {
    if (Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1))) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int type = Character.getType(c);
      if (type == Character.CONTROL
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.FORMAT
          || type == Character.UNASSIGNED) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        // A lone surrogate would be mangled by every encoder downstream.
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
