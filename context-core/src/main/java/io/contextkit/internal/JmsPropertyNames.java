package io.contextkit.internal;

import java.util.Locale;

/**
 * The JMS message property that carries a context header, the same on every stack (the Spring
 * starter's JMS listener and template, the Quarkus JMS connector), so that a message sent by one is
 * read by the other. JMS property names must be Java identifiers: the name is lower-cased and every
 * character that may not appear in an identifier becomes {@code _} ({@code traceparent}, {@code
 * tracestate}, {@code baggage}, {@code x_request_id}, {@code contextkit_signature}).
 *
 * <p>Shared between ContextKit artifacts only; not an API.
 */
public final class JmsPropertyNames {

  private JmsPropertyNames() {}

  /** The property name for the header {@code headerName}. */
  public static String of(String headerName) {
    switch (headerName) {
      // The headers ContextKit writes on every message, without building a new string.
      case "traceparent":
      case "tracestate":
      case "baggage":
        return headerName;
      case "x-request-id":
        return "x_request_id";
      case "contextkit-signature":
        return "contextkit_signature";
      default:
        break;
    }
    char[] chars = headerName.toLowerCase(Locale.ROOT).toCharArray();
    for (int i = 0; i < chars.length; i++) {
      boolean identifier =
          i == 0
              ? Character.isJavaIdentifierStart(chars[i])
              : Character.isJavaIdentifierPart(chars[i]);
      if (!identifier) {
        chars[i] = '_';
      }
    }
    return new String(chars);
  }
}
