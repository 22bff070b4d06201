/** Implementation of the AMQP integration; not API. */
@NullMarked
package io.contextkit.spring.autoconfigure.amqp.internal;

import org.jspecify.annotations.NullMarked;
