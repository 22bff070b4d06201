package io.contextkit.noop;

import static io.contextkit.noop.Requests.snapshot;
import static io.contextkit.noop.Requests.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectReport;
import io.contextkit.noop.internal.ReactorRequestContexts;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The R2DBC backstop against a real PostgreSQL server over TCP (r2dbc-postgresql behind an r2dbc
 * pool, the way Spring Boot configures it). Every case runs STANDARD first — the write is visible
 * on a separate JDBC connection — then TRACE, which leaves the table unchanged.
 */
class TraceGuardConnectionFactoryIT {

  private static TestDatabases.Postgres db;
  private static ConnectionPool pool;
  private static ConnectionFactory guarded;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.freshPostgresDatabase();
    sql(
        db.dataSource(),
        "CREATE TABLE item (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        "CREATE TABLE audit (id SERIAL PRIMARY KEY, what TEXT)");
    PostgresqlConnectionFactory driver =
        new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host("localhost")
                .port(db.port())
                .database(db.database())
                .username("postgres")
                .build());
    pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(driver).initialSize(1).maxSize(4).build());
    guarded = TraceGuardConnectionFactory.wrap(pool, "orders-r2dbc");
  }

  @AfterAll
  static void stop() {
    pool.dispose();
  }

  @BeforeEach
  void empty() throws Exception {
    sql(db.dataSource(), "DELETE FROM item", "DELETE FROM audit");
  }

  private static DataSource raw() {
    return db.dataSource();
  }

  /** Runs {@code work} on a connection of the guarded pool, released afterwards. */
  private static <T> Flux<T> onConnection(
      Function<Connection, ? extends org.reactivestreams.Publisher<T>> work) {
    return Flux.usingWhen(guarded.create(), work, Connection::close);
  }

  private static Mono<Long> insert(Connection c, String name) {
    return Flux.from(
            c.createStatement("INSERT INTO item (name) VALUES ($1)").bind(0, name).execute())
        .flatMap(Result::getRowsUpdated)
        .reduce(0L, Long::sum);
  }

  private static Mono<Void> inTransaction(Connection c, Mono<?> work) {
    return Mono.from(c.beginTransaction()).then(work).then(Mono.from(c.commitTransaction()));
  }

  /** Subscribes {@code work} with {@code ctx} in its Reactor context only (no thread-local). */
  private static <T> List<T> inReactorContext(RequestContext ctx, Flux<T> work) {
    assertThat(RequestContext.current().isEmpty()).isTrue();
    List<T> out =
        work.contextWrite(c -> c.put(ReactorRequestContexts.KEY, ctx))
            .collectList()
            .block(Duration.ofSeconds(20));
    return out == null ? List.of() : out;
  }

  private static long items() throws Exception {
    return snapshot(raw(), "item").rows();
  }

  private static List<String> effects(SideEffectReport report) {
    List<String> lines = new ArrayList<>();
    for (SideEffect e : report.effects()) {
      lines.add(e.kind() + " " + e.target() + ": " + e.summary());
    }
    return lines;
  }

  @Test
  void autocommitInsertPersistsForStandardAndIsHeldAndRolledBackForTrace() throws Exception {
    RequestContext standard = Requests.standard();
    inReactorContext(standard, onConnection(c -> insert(c, "real")));
    assertThat(items()).isEqualTo(1);
    assertThat(standard.sideEffects().report().effects()).isEmpty();

    RequestContext trace = Requests.trace();
    List<Long> updated =
        inReactorContext(
            trace,
            onConnection(
                c ->
                    insert(c, "dry")
                        // The TRACE unit reads its own write, as autocommit would let it.
                        .then(
                            Flux.from(
                                    c.createStatement(
                                            "SELECT count(*) FROM item WHERE name = 'dry'")
                                        .execute())
                                .flatMap(r -> r.map((row, md) -> row.get(0, Long.class)))
                                .next())));
    assertThat(updated).containsExactly(1L);
    assertThat(items()).isEqualTo(1);
    assertThat(effects(trace.sideEffects().report()))
        .containsExactly(
            "STATEMENT item: INSERT item",
            "TRANSACTION orders-r2dbc: autocommit work rolled back at close");
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.VIOLATION)).isZero();
  }

  @Test
  void commitOfATraceTransactionBecomesARollbackAndAViolation() throws Exception {
    inReactorContext(Requests.standard(), onConnection(c -> inTransaction(c, insert(c, "real"))));
    assertThat(items()).isEqualTo(1);

    RequestContext trace = Requests.trace();
    inReactorContext(trace, onConnection(c -> inTransaction(c, insert(c, "dry"))));
    assertThat(items()).isEqualTo(1);
    assertThat(effects(trace.sideEffects().report()))
        .containsExactly(
            "STATEMENT item: INSERT item",
            "TRANSACTION orders-r2dbc: commitTransaction() turned into rollback",
            "VIOLATION orders-r2dbc: commitTransaction() reached the R2DBC connection under TRACE;"
                + " rolled back");
    assertThat(TraceReport.from(trace.sideEffects().report()).committed())
        .isEqualTo(TraceReport.Committed.FALSE);
  }

  @Test
  void commitOfReadOnlyTraceWorkIsRolledBackSilently() throws Exception {
    RequestContext trace = Requests.trace();
    inReactorContext(
        trace,
        onConnection(
            c ->
                inTransaction(
                    c,
                    Flux.from(c.createStatement("SELECT count(*) FROM item").execute())
                        .flatMap(r -> r.map((row, md) -> row.get(0, Long.class)))
                        .then())));
    assertThat(trace.sideEffects().report().effects()).isEmpty();
  }

  @Test
  void setAutoCommitTrueInsideATraceTransactionRollsItBack() throws Exception {
    RequestContext trace = Requests.trace();
    inReactorContext(
        trace,
        onConnection(
            c ->
                Mono.from(c.beginTransaction())
                    .then(insert(c, "dry"))
                    .then(Mono.from(c.setAutoCommit(true)))));
    assertThat(items()).isZero();
    assertThat(effects(trace.sideEffects().report()))
        .contains("TRANSACTION orders-r2dbc: setAutoCommit(true) turned into rollback");
  }

  @Test
  void implicitCommitSqlIsRejectedUnderTraceAndRunsForStandard() throws Exception {
    RequestContext trace = Requests.trace();
    assertThatThrownBy(
            () ->
                inReactorContext(
                    trace,
                    onConnection(
                        c ->
                            Flux.from(
                                    c.createStatement("CREATE TABLE made_by_trace (x INT)")
                                        .execute())
                                .flatMap(Result::getRowsUpdated))))
        .isInstanceOf(R2dbcException.class)
        .satisfies(e -> assertThat(((R2dbcException) e).getSqlState()).isEqualTo("25000"));
    assertThatThrownBy(
            () ->
                inReactorContext(
                    trace,
                    onConnection(
                        c ->
                            Flux.from(
                                    c.createBatch()
                                        .add("INSERT INTO item (name) VALUES ('b1')")
                                        .add("COMMIT")
                                        .execute())
                                .flatMap(Result::getRowsUpdated))))
        .isInstanceOf(R2dbcException.class);
    assertThat(
            Requests.count(
                raw(), "SELECT count(*) FROM pg_tables WHERE tablename = 'made_by_trace'"))
        .isZero();
    assertThat(items()).isZero();
    assertThat(effects(trace.sideEffects().report()))
        .containsExactly(
            "VIOLATION orders-r2dbc: rejected CREATE TABLE: commits implicitly",
            "VIOLATION orders-r2dbc: rejected COMMIT: commits implicitly");

    inReactorContext(
        Requests.standard(),
        onConnection(
            c ->
                Flux.from(c.createStatement("CREATE TABLE made_by_standard (x INT)").execute())
                    .flatMap(Result::getRowsUpdated)));
    assertThat(
            Requests.count(
                raw(), "SELECT count(*) FROM pg_tables WHERE tablename = 'made_by_standard'"))
        .isEqualTo(1);
  }

  @Test
  void batchOfWritesIsOneStatementEffect() throws Exception {
    RequestContext trace = Requests.trace();
    inReactorContext(
        trace,
        onConnection(
            c ->
                inTransaction(
                    c,
                    Flux.from(
                            c.createStatement("INSERT INTO item (name) VALUES ($1)")
                                .bind(0, "a")
                                .add()
                                .bind(0, "b")
                                .add()
                                .bind(0, "c")
                                .execute())
                        .flatMap(Result::getRowsUpdated)
                        .then())));
    assertThat(items()).isZero();
    assertThat(effects(trace.sideEffects().report()))
        .contains("STATEMENT item: INSERT item (batch of 3)");
  }

  @Test
  void traceInTheReactorContextHoldsAcrossSchedulerHops() throws Exception {
    RequestContext trace = Requests.trace();
    inReactorContext(
        trace,
        Flux.defer(
                () ->
                    onConnection(
                        c ->
                            Mono.just(c)
                                .publishOn(Schedulers.parallel())
                                .flatMap(same -> insert(same, "hop"))
                                .publishOn(Schedulers.boundedElastic())
                                .flatMap(n -> insert(c, "hop2"))))
            .subscribeOn(Schedulers.boundedElastic()));
    assertThat(items()).isZero();
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isEqualTo(2);

    // The same pipeline in a STANDARD request writes for real: the hops lose nothing either way.
    inReactorContext(
        Requests.standard(),
        onConnection(
                c ->
                    Mono.just(c)
                        .publishOn(Schedulers.parallel())
                        .flatMap(same -> insert(same, "hop")))
            .subscribeOn(Schedulers.boundedElastic()));
    assertThat(items()).isEqualTo(1);
  }

  @Test
  void threadLocalContextDecidesForCallersOutsideAReactivePipeline() throws Exception {
    RequestContext trace = Requests.trace();
    try (ContextScope scope = trace.makeCurrent()) {
      onConnection(c -> insert(c, "blocking")).blockLast(Duration.ofSeconds(20));
    }
    assertThat(items()).isZero();
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isEqualTo(1);
  }

  @Test
  void reactorContextWinsOverTheThreadThatSubscribes() throws Exception {
    RequestContext trace = Requests.trace();
    // A STANDARD thread-local on the subscribing thread (e.g. an event loop that served another
    // request) does not turn the TRACE subscription into a real write.
    try (ContextScope scope = Requests.standard().makeCurrent()) {
      onConnection(c -> insert(c, "dry"))
          .contextWrite(c -> c.put(ReactorRequestContexts.KEY, trace))
          .blockLast(Duration.ofSeconds(20));
    }
    assertThat(items()).isZero();
  }

  @Test
  void pipelineStartedDetachedFromATraceResultIsStillTrace() throws Exception {
    // An entity callback or event listener that reacts to a saved row with a fire-and-forget
    // subscribe() starts a pipeline without the request's Reactor context; it runs synchronously
    // while the TRACE result is delivered, so it is decided by the TRACE context made current
    // there.
    RequestContext trace = Requests.trace();
    java.util.concurrent.CountDownLatch detachedDone = new java.util.concurrent.CountDownLatch(1);
    inReactorContext(
        trace,
        onConnection(
            c ->
                insert(c, "dry")
                    .doOnNext(
                        n ->
                            onConnection(other -> insert(other, "audit-of-dry"))
                                .doFinally(signal -> detachedDone.countDown())
                                .subscribe())));
    assertThat(detachedDone.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(items()).isZero();
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isEqualTo(2);

    // The same detached pipeline under a STANDARD request writes for real.
    java.util.concurrent.CountDownLatch standardDone = new java.util.concurrent.CountDownLatch(1);
    inReactorContext(
        Requests.standard(),
        onConnection(
            c ->
                insert(c, "real")
                    .doOnNext(
                        n ->
                            onConnection(other -> insert(other, "audit-of-real"))
                                .doFinally(signal -> standardDone.countDown())
                                .subscribe())));
    assertThat(standardDone.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(items()).isEqualTo(2);
  }

  @Test
  void pipelineStartedDetachedAfterTheConnectionWasReleasedIsStillTrace() throws Exception {
    // Spring Data's after-save callbacks run once the insert's connection went back to the pool
    // (the template emits the saved entity on completion): the release completes with the TRACE
    // context current.
    RequestContext trace = Requests.trace();
    java.util.concurrent.CountDownLatch detachedDone = new java.util.concurrent.CountDownLatch(1);
    inReactorContext(
        trace,
        onConnection(c -> insert(c, "dry"))
            .last()
            .doOnNext(
                n ->
                    onConnection(other -> insert(other, "audit-of-dry"))
                        .doFinally(signal -> detachedDone.countDown())
                        .subscribe())
            .flux());
    assertThat(detachedDone.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(items()).isZero();
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isEqualTo(2);
  }

  @Test
  void pendingTraceWorkIsRolledBackBeforeAStandardOperationOnTheSameConnection() throws Exception {
    RequestContext trace = Requests.trace();
    RequestContext standard = Requests.standard();
    Flux.usingWhen(
            guarded.create(),
            c ->
                insert(c, "dry")
                    .contextWrite(ctx -> ctx.put(ReactorRequestContexts.KEY, trace))
                    .then(
                        insert(c, "real")
                            .contextWrite(ctx -> ctx.put(ReactorRequestContexts.KEY, standard))),
            Connection::close)
        .blockLast(Duration.ofSeconds(20));
    assertThat(Requests.count(raw(), "SELECT count(*) FROM item WHERE name = 'real'")).isEqualTo(1);
    assertThat(Requests.count(raw(), "SELECT count(*) FROM item WHERE name = 'dry'")).isZero();
    assertThat(effects(trace.sideEffects().report()))
        .contains("TRANSACTION orders-r2dbc: autocommit work rolled back");
  }

  @Test
  void uniqueViolationSurfacesAlikeForStandardAndTrace() throws Exception {
    sql(raw(), "INSERT INTO item (name) VALUES ('taken')");
    Throwable real =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                inReactorContext(
                    Requests.standard(), onConnection(c -> inTransaction(c, insert(c, "taken")))));
    Throwable dry =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                inReactorContext(
                    Requests.trace(), onConnection(c -> inTransaction(c, insert(c, "taken")))));
    assertThat(real).isNotNull();
    assertThat(dry).isNotNull().hasSameClassAs(real);
    assertThat(((R2dbcException) dry).getSqlState())
        .isEqualTo(((R2dbcException) real).getSqlState())
        .isEqualTo("23505");
    assertThat(items()).isEqualTo(1);
  }

  @Test
  void failedRollbackIsReportedAsCommittedUnknown() throws Exception {
    RequestContext trace = Requests.trace();
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                inReactorContext(
                    trace,
                    onConnection(
                        c ->
                            Mono.from(c.beginTransaction())
                                .then(insert(c, "dry"))
                                .then(
                                    Flux.from(
                                            c.createStatement("SELECT pg_backend_pid()").execute())
                                        .flatMap(r -> r.map((row, md) -> row.get(0, Integer.class)))
                                        .next())
                                .flatMap(
                                    pid ->
                                        Mono.fromCallable(
                                            () ->
                                                Requests.count(
                                                    raw(),
                                                    "SELECT count(*) FROM (SELECT"
                                                        + " pg_terminate_backend("
                                                        + pid
                                                        + ")) t")))
                                .then(Mono.from(c.commitTransaction())))));
    assertThat(failure).isInstanceOf(R2dbcException.class);
    assertThat(items()).isZero();
    TraceReport report = TraceReport.from(trace.sideEffects().report());
    assertThat(report.committed()).isEqualTo(TraceReport.Committed.UNKNOWN);
    assertThat(report.requiresServerError()).isTrue();
  }

  @Test
  void concurrentStandardAndTraceWorkOnOnePoolNeverMix() throws Exception {
    List<RequestContext> traces = new ArrayList<>();
    List<Mono<Long>> work = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RequestContext ctx = i % 2 == 0 ? Requests.standard() : Requests.trace();
      if (ctx.isTrace()) {
        traces.add(ctx);
      }
      String name = (ctx.isTrace() ? "dry-" : "real-") + i;
      work.add(
          onConnection(c -> inTransaction(c, insert(c, name)).thenReturn(1L))
              .next()
              .subscribeOn(Schedulers.parallel())
              .contextWrite(c -> c.put(ReactorRequestContexts.KEY, ctx)));
    }
    Flux.merge(work).collectList().block(Duration.ofSeconds(30));
    assertThat(Requests.count(raw(), "SELECT count(*) FROM item WHERE name LIKE 'real-%'"))
        .isEqualTo(10);
    assertThat(Requests.count(raw(), "SELECT count(*) FROM item WHERE name LIKE 'dry-%'")).isZero();
    for (RequestContext trace : traces) {
      assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isEqualTo(1);
      assertThat(trace.sideEffects().report().count(SideEffect.Kind.TRANSACTION)).isEqualTo(1);
    }
  }

  @Test
  void wrapperUnwrapsToThePoolAndIsNeverAppliedTwice() {
    assertThat(guarded).isInstanceOf(TraceGuarded.class);
    assertThat(((Wrapped<?>) guarded).unwrap()).isSameAs(pool);
    assertThat(((Wrapped<?>) guarded).unwrap(ConnectionPool.class)).isSameAs(pool);
    assertThat(TraceGuardConnectionFactory.wrap(guarded, "again")).isSameAs(guarded);
    assertThat(TraceGuardConnectionFactory.isGuarded(pool)).isFalse();
    // A pool around a guarded factory counts as guarded: wrapping it again would report twice.
    ConnectionPool outer =
        new ConnectionPool(ConnectionPoolConfiguration.builder(guarded).maxSize(1).build());
    try {
      assertThat(TraceGuardConnectionFactory.wrap(outer, "outer")).isSameAs(outer);
    } finally {
      outer.dispose();
    }
  }
}
