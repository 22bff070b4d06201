package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;

/**
 * Message metadata holding the context extracted from a consumed message (a Kafka record, an AMQP
 * or JMS message); a message forwarded by a processor keeps it, so what it sends on carries the
 * same context.
 */
public record ConsumedContextMetadata(RequestContext context) {}
