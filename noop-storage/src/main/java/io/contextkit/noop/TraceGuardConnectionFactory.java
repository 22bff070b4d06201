package io.contextkit.noop;

import io.contextkit.RequestContext;
import io.contextkit.noop.internal.GuardedR2dbcConnection;
import io.contextkit.noop.internal.ReactorRequestContexts;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The R2DBC backstop of TRACE requests, the reactive twin of {@link TraceGuardDataSource}: a {@link
 * ConnectionFactory} whose connections never commit the work of a TRACE request, whatever path it
 * took (a reactive transaction manager, {@code DatabaseClient}, a repository, plain R2DBC,
 * autocommit). It needs r2dbc-spi and Reactor (both optional dependencies of this module).
 *
 * <pre>{@code
 * ConnectionFactory guarded = TraceGuardConnectionFactory.wrap(pool, "orders-db");
 * }</pre>
 *
 * <p>The request type is decided when an operation is subscribed, never at connection acquisition:
 * from the {@link io.contextkit.RequestContext} in the subscriber's Reactor context (key {@code
 * contextkit.request-context}, where ContextKit's WebFlux filters put it), else from {@link
 * io.contextkit.RequestContext#current()} for callers outside a reactive pipeline. So a statement
 * subscribed after a {@code publishOn} or {@code subscribeOn} hop belongs to its request whatever
 * thread runs it. Every effect is reported into that request's {@linkplain
 * io.contextkit.RequestContext#sideEffects() recorder}; the target of transaction-level effects is
 * the connection factory's name.
 *
 * <p>Under a TRACE context, on connections of this factory:
 *
 * <ul>
 *   <li>{@code commitTransaction()} rolls back instead, reported as a {@code TRANSACTION} and a
 *       {@code VIOLATION} when the transaction ran any non-read statement (the transaction manager
 *       should have rolled back before a commit reached the connection); a commit of read-only work
 *       is silently rolled back. {@code setAutoCommit(true)} inside a transaction, which commits
 *       it, is treated the same way.
 *   <li>A statement executed in autocommit mode does not persist: the guard begins a transaction
 *       for the TRACE unit of work (while {@code isAutoCommit()} keeps answering {@code true}) and
 *       rolls it back at {@code commitTransaction()}, {@code close()} (the connection's release to
 *       its pool), or the next operation of a STANDARD request on the same connection; the held
 *       unit is reported as one {@code TRANSACTION}, each write as a {@code STATEMENT}. Later
 *       statements on the same connection read the earlier writes, as they would for real. Unlike
 *       the JDBC backstop, this is not a violation: Spring Data R2DBC repositories run their
 *       statements in autocommit unless the caller opened a transaction (their {@code
 *       Transactional} annotations are not applied to the repository proxy), so autocommit is the
 *       ordinary R2DBC write path, and the guard holds it completely.
 *   <li>Statements that commit implicitly or cannot be rolled back on some database (DDL, {@code
 *       COMMIT}, {@code BEGIN}, {@code SET AUTOCOMMIT}... — the JDBC guard's classification) are
 *       rejected before they reach the database with an {@link
 *       io.r2dbc.spi.R2dbcNonTransientResourceException} of SQLState {@value #REJECTED_SQL_STATE},
 *       and reported as a {@code VIOLATION}.
 *   <li>Write statements are reported as {@code STATEMENT} effects (their table when the SQL names
 *       it plainly, else their verb; a batch is one effect) once the database answered them.
 *   <li>When a rollback the guard relies on fails, the failure is reported with {@link
 *       TraceReport#rollbackFailed} (the request's outcome becomes {@code committed: unknown}) and
 *       the operation fails.
 * </ul>
 *
 * <p>Under a STANDARD context nothing changes, except that TRACE work still pending on the same
 * connection is rolled back first; if that work sat inside a transaction the STANDARD code
 * continues, the operation fails rather than commit TRACE writes.
 *
 * <p>Not covered (documented limits): sequence and identity increments; deferred constraints;
 * objects reached through {@link Wrapped#unwrap()} (the driver's own, unguarded); after a failing
 * autocommit statement of a TRACE request, PostgreSQL refuses the following statements on the same
 * connection until it is released (they share the guard's transaction).
 *
 * <p>{@link #unwrap()} returns the wrapped factory, so pools and metrics stay reachable; {@code
 * close()} and {@code dispose()} reach it when it is {@link Closeable} or a Reactor {@link
 * Disposable} (a pool), so a container's destroy method still shuts it down. Thread-safe.
 */
public final class TraceGuardConnectionFactory
    implements ConnectionFactory, Wrapped<ConnectionFactory>, Closeable, Disposable, TraceGuarded {

  /** The SQLState of the exceptions the guard raises: 25000, "invalid transaction state". */
  public static final String REJECTED_SQL_STATE = GuardedR2dbcConnection.SQL_STATE;

  private static final String DEFAULT_NAME = "r2dbc";

  private final ConnectionFactory delegate;
  private final String name;

  private TraceGuardConnectionFactory(ConnectionFactory delegate, String name) {
    this.delegate = delegate;
    this.name = name;
  }

  /** {@link #wrap(ConnectionFactory, String)} named {@code r2dbc}. */
  public static ConnectionFactory wrap(ConnectionFactory connectionFactory) {
    return wrap(connectionFactory, DEFAULT_NAME);
  }

  /**
   * Guards {@code connectionFactory}, or returns it unchanged when it is already guarded — itself,
   * or a factory whose {@link Wrapped} chain holds a guard — so it is never guarded twice.
   *
   * @param name the name reported as the target of transaction-level effects
   */
  public static ConnectionFactory wrap(ConnectionFactory connectionFactory, String name) {
    Objects.requireNonNull(connectionFactory, "connectionFactory");
    Objects.requireNonNull(name, "name");
    if (isGuarded(connectionFactory)) {
      return connectionFactory;
    }
    return new TraceGuardConnectionFactory(connectionFactory, name);
  }

  /** Whether {@code connectionFactory} is a guard or wraps one (through {@link Wrapped}). */
  public static boolean isGuarded(ConnectionFactory connectionFactory) {
    Object current = connectionFactory;
    // Bounded: a wrapper that unwraps to itself (or a cycle) must not hang the caller.
    for (int depth = 0; depth < 32 && current != null; depth++) {
      if (current instanceof TraceGuarded) {
        return true;
      }
      if (!(current instanceof Wrapped<?> wrapped)) {
        return false;
      }
      Object next;
      try {
        next = wrapped.unwrap();
      } catch (RuntimeException e) {
        return false;
      }
      if (next == current) {
        return false;
      }
      current = next;
    }
    return false;
  }

  /** The factory this guard wraps. */
  public ConnectionFactory delegate() {
    return delegate;
  }

  /** The name reported as the target of transaction-level effects. */
  public String name() {
    return name;
  }

  @Override
  public Publisher<? extends Connection> create() {
    return Mono.deferContextual(
        view -> {
          RequestContext acquiredBy = ReactorRequestContexts.of(view);
          return Mono.from(delegate.create())
              .map(c -> new GuardedR2dbcConnection(c, name, acquiredBy));
        });
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return delegate.getMetadata();
  }

  /** The wrapped factory. */
  @Override
  public ConnectionFactory unwrap() {
    return delegate;
  }

  /** Closes the wrapped factory when it is {@link Closeable} (a pool); otherwise completes. */
  @Override
  public Publisher<Void> close() {
    return delegate instanceof Closeable closeable ? closeable.close() : Flux.empty();
  }

  /** Disposes the wrapped factory when it is a Reactor {@link Disposable} (a pool). */
  @Override
  public void dispose() {
    if (delegate instanceof Disposable disposable) {
      disposable.dispose();
    }
  }

  @Override
  public boolean isDisposed() {
    return delegate instanceof Disposable disposable && disposable.isDisposed();
  }

  @Override
  public String toString() {
    return "TraceGuardConnectionFactory[" + name + "]{" + delegate + "}";
  }
}
