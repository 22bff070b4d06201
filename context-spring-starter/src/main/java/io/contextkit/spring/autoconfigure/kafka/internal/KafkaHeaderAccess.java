package io.contextkit.spring.autoconfigure.kafka.internal;

import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes context headers on Kafka record {@link Headers}. Header names are the HTTP ones
 * ({@code traceparent}, {@code baggage}, {@code x-request-id}, {@code contextkit-signature}).
 *
 * <p>Values are decoded byte for byte as ISO-8859-1: every valid context header is ASCII, so this
 * is exact for them, and any other byte (non-UTF-8 garbage included) becomes a character the codec
 * rejects, drops and counts — decoding itself can never fail.
 */
public final class KafkaHeaderAccess implements HeaderGetter<Headers>, HeaderSetter<Headers> {

  /** The shared instance; stateless. */
  public static final KafkaHeaderAccess INSTANCE = new KafkaHeaderAccess();

  private KafkaHeaderAccess() {}

  @Override
  public @Nullable String get(Headers carrier, String name) {
    for (Header header : carrier) {
      if (header.key().equalsIgnoreCase(name)) {
        return decode(header.value());
      }
    }
    return null;
  }

  @Override
  public Iterator<String> getAll(Headers carrier, String name) {
    List<String> values = null;
    for (Header header : carrier) {
      if (header.key().equalsIgnoreCase(name)) {
        if (values == null) {
          values = new ArrayList<>(1);
        }
        values.add(decode(header.value()));
      }
    }
    return values == null ? Collections.emptyIterator() : values.iterator();
  }

  @Override
  public void set(Headers carrier, String name, String value) {
    carrier.remove(name);
    carrier.add(name, value.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String decode(byte @Nullable [] value) {
    return value == null ? "" : new String(value, StandardCharsets.ISO_8859_1);
  }
}
