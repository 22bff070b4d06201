package io.contextkit.noop;

/**
 * Marks an object that ContextKit installed (or wrapped) to guard the TRACE effects of one effect
 * channel: a {@code DataSource}, a connection factory or pool, a transaction manager, a producer, a
 * mail sender, a cache. The startup inventory of effect channels reports a channel whose bean is
 * {@code TraceGuarded} as guarded; a wrapper never wraps an object that already is.
 */
public interface TraceGuarded {}
