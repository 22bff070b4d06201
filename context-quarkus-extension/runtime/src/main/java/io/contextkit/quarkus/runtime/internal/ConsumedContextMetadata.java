package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Message metadata holding the context extracted from a consumed message (a Kafka record, an AMQP
 * or JMS message); a message forwarded by a processor keeps it, so what it sends on carries the
 * same context. A TRACE message also carries the {@link ConsumedTrace} whose report is published
 * when its consumer's unit of work ends.
 *
 * @param context the message's context
 * @param trace the report to publish once, for a TRACE message; null otherwise
 */
public record ConsumedContextMetadata(RequestContext context, @Nullable ConsumedTrace trace) {}
