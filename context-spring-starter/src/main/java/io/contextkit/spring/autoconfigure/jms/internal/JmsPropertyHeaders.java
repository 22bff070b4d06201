package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.internal.JmsPropertyNames;
import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes context headers as JMS message properties. JMS property names must be Java
 * identifiers, so header names are mapped: every character that may not appear in an identifier
 * becomes {@code _} ({@code traceparent}, {@code tracestate}, {@code baggage}, {@code
 * x_request_id}, {@code contextkit_signature}).
 *
 * <p>Reading never throws: a property that is missing, not convertible to a string, or unreadable
 * reads as absent. Writing to a message whose properties are read-only (a received message being
 * forwarded) leaves it unchanged and returns normally.
 */
public final class JmsPropertyHeaders implements HeaderGetter<Message>, HeaderSetter<Message> {

  /** The shared instance; stateless. */
  public static final JmsPropertyHeaders INSTANCE = new JmsPropertyHeaders();

  private JmsPropertyHeaders() {}

  @Override
  public @Nullable String get(Message carrier, String name) {
    String property = JmsPropertyNames.of(name);
    try {
      String value = carrier.getStringProperty(property);
      if (value != null) {
        return value;
      }
      // The contract asks for case-insensitive names; only scan when the usual spelling is absent.
      Enumeration<?> names = carrier.getPropertyNames();
      while (names.hasMoreElements()) {
        Object other = names.nextElement();
        if (other instanceof String otherName && otherName.equalsIgnoreCase(property)) {
          return carrier.getStringProperty(otherName);
        }
      }
      return null;
    } catch (JMSException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void set(Message carrier, String name, String value) {
    try {
      carrier.setStringProperty(JmsPropertyNames.of(name), value);
    } catch (JMSException | RuntimeException e) {
      // Read-only properties (a received message sent on): the message keeps what it carries.
    }
  }
}
