/**
 * ContextKit in JSON logs: a logstash-logback-encoder provider writing the context fields flat,
 * plus the application fields (name, environment, version, host) that Spring knows.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
