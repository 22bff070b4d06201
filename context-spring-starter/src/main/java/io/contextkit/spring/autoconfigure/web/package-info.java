/**
 * Inbound context for Spring MVC / servlet applications: the entry filter, identity after
 * authentication, the Tomcat valve.
 */
@NullMarked
package io.contextkit.spring.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
