/**
 * TRACE guards of the effect channels beyond databases, HTTP clients of Spring and messaging: mail,
 * Spring Cache, HTTP sessions, Apache HttpClient 5 and OkHttp. One auto-configuration per channel,
 * each switched off by its own key.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.trace.channels;

import org.jspecify.annotations.NullMarked;
