/**
 * The {@code contextkit} command: {@link io.contextkit.cli.ContextKitCli} is its entry point. The
 * verbs live in {@code io.contextkit.cli.internal}; nothing here is a library API.
 */
@NullMarked
package io.contextkit.cli;

import org.jspecify.annotations.NullMarked;
