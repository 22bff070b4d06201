package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.TraceGuarded;

/**
 * Marks a transaction manager proxy that already rolls back TRACE commits, so it is never wrapped
 * twice and the effect-channel inventory reports it as guarded.
 *
 * <p>This interface is internal and is hence not for public use.
 */
public interface TraceGuardedTransactionManager extends TraceGuarded {}
