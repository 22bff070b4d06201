package io.contextkit.spring.autoconfigure.amqp.internal;

import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.MessageProperties;

/**
 * Reads and writes context headers in AMQP message headers ({@link MessageProperties#getHeaders()})
 * under the HTTP names ({@code traceparent}, {@code baggage}, {@code x-request-id}, {@code
 * contextkit-signature}).
 *
 * <p>A header value that is not a string is read as its bytes in ISO-8859-1 (a {@code byte[]}) or
 * its {@code toString()} (numbers, long strings): every valid context header is ASCII, so anything
 * else is rejected, dropped and counted by the codec — reading itself never fails.
 */
public final class AmqpHeaderAccess
    implements HeaderGetter<MessageProperties>, HeaderSetter<MessageProperties> {

  /** The shared instance; stateless. */
  public static final AmqpHeaderAccess INSTANCE = new AmqpHeaderAccess();

  private AmqpHeaderAccess() {}

  @Override
  public @Nullable String get(MessageProperties carrier, String name) {
    Map<String, @Nullable Object> headers = carrier.getHeaders();
    Object value = headers.get(name);
    if (value == null) {
      // Case-insensitive, as the contract asks; only scanned when the usual spelling is absent.
      for (Map.Entry<String, @Nullable Object> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          value = entry.getValue();
          break;
        }
      }
    }
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return value.toString();
  }

  @Override
  public void set(MessageProperties carrier, String name, String value) {
    carrier.setHeader(name, value);
  }
}
