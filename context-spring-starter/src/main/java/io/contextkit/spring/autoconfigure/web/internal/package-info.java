/** Servlet and Tomcat glue; internal, not for public use, may change at any time. */
@NullMarked
package io.contextkit.spring.autoconfigure.web.internal;

import org.jspecify.annotations.NullMarked;
