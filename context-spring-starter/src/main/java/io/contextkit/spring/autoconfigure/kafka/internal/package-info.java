/** Implementation of the Kafka integration; not API. */
@NullMarked
package io.contextkit.spring.autoconfigure.kafka.internal;

import org.jspecify.annotations.NullMarked;
