package io.contextkit.noop;

import static io.contextkit.noop.Requests.in;
import static io.contextkit.noop.Requests.sql;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.TestDatabases.Db;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failure mode 22, flag bleed: TRACE and STANDARD requests interleaved on one shared HikariCP pool,
 * so the same physical connections serve both. Only the STANDARD rows may exist afterwards, and
 * every connection goes back to the pool in autocommit mode.
 */
class SharedPoolTraceIT {

  private static final int THREADS = 4;
  private static final int ROUNDS = 15;

  private static HikariDataSource pool(DataSource dataSource, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void concurrentTraceAndStandardWorkOnASharedPoolPersistsOnlyStandardRows(Db db) throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    sql(raw, "CREATE TABLE events (id INT PRIMARY KEY, kind VARCHAR(8) NOT NULL)");
    try (HikariDataSource hikari = pool(raw, 2)) {
      DataSource guarded = TraceGuardDataSource.wrap(hikari, "pool");
      Set<Integer> expected = runInterleaved(guarded, THREADS);
      assertThat(ids(raw)).isEqualTo(expected);
      assertPoolConnectionsAreInAutocommitMode(hikari);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void guardBelowThePoolKeepsTraceWorkOffTheSinglePhysicalConnectionSharedWithStandard(Db db)
      throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    sql(raw, "CREATE TABLE events (id INT PRIMARY KEY, kind VARCHAR(8) NOT NULL)");
    // One physical connection, wrapped once and reused by every borrower of the pool.
    try (HikariDataSource hikari = pool(TraceGuardDataSource.wrap(raw, "physical"), 1)) {
      Set<Integer> expected = runInterleaved(hikari, 2);
      // a last STANDARD borrower ends any TRACE work still pending on the physical connection
      in(
          Requests.standard(),
          () -> {
            try (Connection c = hikari.getConnection();
                Statement s = c.createStatement()) {
              s.executeUpdate("INSERT INTO events VALUES (999999, 'std')");
            }
          });
      expected.add(999999);
      assertThat(ids(raw)).isEqualTo(expected);
      assertPoolConnectionsAreInAutocommitMode(hikari);
    }
  }

  /**
   * Failure mode 21: a TRACE request that fans out to a context-carrying executor stays TRACE on
   * every thread, and all threads report into the one request's recorder.
   */
  @ParameterizedTest
  @EnumSource(Db.class)
  void traceRequestFannedOutToAnExecutorPersistsNothingAndReportsIntoOneRecorder(Db db)
      throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    sql(raw, "CREATE TABLE events (id INT PRIMARY KEY, kind VARCHAR(8) NOT NULL)");
    try (HikariDataSource hikari = pool(raw, 3)) {
      DataSource guarded = TraceGuardDataSource.wrap(hikari, "pool");
      ExecutorService executor =
          io.contextkit.ContextExecutors.wrap(Executors.newFixedThreadPool(3));
      RequestContext trace = Requests.trace();
      try {
        in(
            trace,
            () -> {
              List<Future<?>> futures = new ArrayList<>();
              for (int i = 0; i < 6; i++) {
                int id = i;
                futures.add(
                    executor.submit(
                        () -> {
                          try (Connection c = guarded.getConnection();
                              Statement s = c.createStatement()) {
                            c.setAutoCommit(false);
                            s.executeUpdate("INSERT INTO events VALUES (" + id + ", 'trace')");
                            c.commit();
                          }
                          return null;
                        }));
              }
              for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
              }
            });
      } finally {
        executor.shutdownNow();
      }
      assertThat(ids(raw)).isEmpty();
      assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isEqualTo(6);
      assertThat(trace.sideEffects().report().count(SideEffect.Kind.TRANSACTION)).isEqualTo(6);
    }
  }

  /** Runs TRACE and STANDARD requests alternately on several threads; returns the STANDARD ids. */
  private static Set<Integer> runInterleaved(DataSource ds, int threads) throws Exception {
    ConcurrentLinkedQueue<Integer> standardIds = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<RequestContext> traces = new ConcurrentLinkedQueue<>();
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < ROUNDS; i++) {
                    int id = thread * 1000 + i;
                    boolean trace = (i + thread) % 2 == 0;
                    boolean explicitTransaction = i % 3 == 0;
                    RequestContext ctx = trace ? Requests.trace() : Requests.standard();
                    in(
                        ctx,
                        () -> {
                          try (Connection c = ds.getConnection();
                              Statement s = c.createStatement()) {
                            if (explicitTransaction) {
                              c.setAutoCommit(false);
                            }
                            s.executeUpdate(
                                "INSERT INTO events VALUES ("
                                    + id
                                    + ", '"
                                    + (trace ? "trace" : "std")
                                    + "')");
                            try (ResultSet rs =
                                s.executeQuery("SELECT count(*) FROM events WHERE id = " + id)) {
                              rs.next();
                              assertThat(rs.getInt(1)).isOne();
                            }
                            if (explicitTransaction) {
                              c.commit();
                              c.setAutoCommit(true);
                            }
                          }
                        });
                    if (trace) {
                      traces.add(ctx);
                    } else {
                      standardIds.add(id);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
    for (RequestContext trace : traces) {
      assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isEqualTo(1);
    }
    assertThat(standardIds).isNotEmpty();
    assertThat(traces).isNotEmpty();
    return new TreeSet<>(standardIds);
  }

  private static Set<Integer> ids(DataSource raw) throws Exception {
    Set<Integer> ids = new TreeSet<>();
    try (Connection c = raw.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM events")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }

  private static void assertPoolConnectionsAreInAutocommitMode(HikariDataSource hikari)
      throws Exception {
    List<Connection> borrowed = new ArrayList<>();
    try {
      for (int i = 0; i < hikari.getMaximumPoolSize(); i++) {
        Connection c = hikari.getConnection();
        borrowed.add(c);
        assertThat(c.getAutoCommit()).isTrue();
      }
    } finally {
      for (Connection c : borrowed) {
        c.close();
      }
    }
  }
}
