package io.contextkit.trust.internal;

import org.jspecify.annotations.Nullable;

/** Host name syntax checks and normalisation without regular expressions or allocation. */
public final class HostNames {

  private static final int MAX_NAME_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  private HostNames() {}

  /**
   * Normalises a DNS host name for comparison: ASCII lower case, one trailing dot removed. Labels
   * must be 1 to 63 characters of letters, digits, {@code '-'} and {@code '_'}; the name at most
   * 253 characters. Internationalised names must arrive in their ASCII ({@code xn--}) form.
   *
   * @return the normalised name ({@code host} itself when it already is), or {@code null} when
   *     {@code host} is not such a name
   */
  public static @Nullable String normalize(String host) {
    int length = host.length();
    if (length > 0 && host.charAt(length - 1) == '.') {
      length--;
    }
    if (length == 0 || length > MAX_NAME_LENGTH) {
      return null;
    }
    boolean lowerCase = true;
    int labelStart = 0;
    for (int i = 0; i < length; i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (i == labelStart || i - labelStart > MAX_LABEL_LENGTH) {
          return null;
        }
        labelStart = i + 1;
      } else if (c >= 'A' && c <= 'Z') {
        lowerCase = false;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return null;
      }
    }
    if (length == labelStart || length - labelStart > MAX_LABEL_LENGTH) {
      return null;
    }
    if (lowerCase && length == host.length()) {
      return host;
    }
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      char c = host.charAt(i);
      chars[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return new String(chars);
  }
}
