package io.contextkit.spring.autoconfigure.jms.internal;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.jspecify.annotations.Nullable;

/** The name of a JMS destination, for the messaging trust boundary. */
final class JmsDestinations {

  private JmsDestinations() {}

  /** The queue or topic name, or {@code null} when unknown or unreadable. */
  static @Nullable String name(@Nullable Destination destination) {
    try {
      if (destination instanceof Queue queue) {
        return queue.getQueueName();
      }
      if (destination instanceof Topic topic) {
        return topic.getTopicName();
      }
      return null;
    } catch (JMSException | RuntimeException e) {
      return null;
    }
  }
}
