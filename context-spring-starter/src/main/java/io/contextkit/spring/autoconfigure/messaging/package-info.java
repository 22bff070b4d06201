/**
 * Messaging glue shared by the Kafka, JMS and AMQP auto-configurations: the destination trust
 * boundary and properties.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.messaging;

import org.jspecify.annotations.NullMarked;
