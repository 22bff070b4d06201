/**
 * The one settings model of ContextKit and the factory that turns it into behaviour. A framework
 * integration binds its own property tree ({@code contextkit.*} in Spring Boot, {@code
 * quarkus.contextkit.*} in Quarkus) onto {@link io.contextkit.config.ContextKitSettings} and calls
 * {@link io.contextkit.config.ContextKitFactory} (and noop-storage's {@code TraceGuardFactory} for
 * the TRACE guards); it converts nothing itself, so the same leaves behave the same on every stack.
 * Framework-neutral, JDK only.
 */
@NullMarked
package io.contextkit.config;

import org.jspecify.annotations.NullMarked;
