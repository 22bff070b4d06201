/** Implementation of the JMS integration; not API. */
@NullMarked
package io.contextkit.spring.autoconfigure.jms.internal;

import org.jspecify.annotations.NullMarked;
