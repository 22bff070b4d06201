/** Structured (JSON) logging of the context with logstash-logback-encoder. */
@NullMarked
package io.contextkit.spring.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
