package io.contextkit.noop;

import static io.contextkit.noop.Requests.in;
import static io.contextkit.noop.Requests.snapshot;
import static io.contextkit.noop.Requests.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectReport;
import io.contextkit.noop.Requests.Snapshot;
import io.contextkit.noop.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC backstop against real H2 and PostgreSQL databases. Every case runs twice on the same
 * starting data: STANDARD first (the effect happens, so the case is not vacuous), then TRACE (no
 * effect), with absence checked on a separate, unguarded connection by row count and checksum.
 * Names follow the failure modes of research § 7 where they match.
 */
class TraceGuardDataSourceIT {

  private static final String[] SCHEMA = {
    "DROP TABLE IF EXISTS items",
    "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE,"
        + " qty INT NOT NULL CHECK (qty >= 0))",
    "INSERT INTO items VALUES (1, 'apple', 3)",
    "INSERT INTO items VALUES (2, 'pear', 5)"
  };

  interface Scenario {
    void run(DataSource guarded) throws Exception;
  }

  /**
   * Resets the schema, runs {@code scenario} under STANDARD and asserts the table changed; resets
   * again, runs it under TRACE and asserts the table did not change. Returns the TRACE report.
   */
  private static SideEffectReport standardThenTrace(DataSource raw, Scenario scenario)
      throws Exception {
    DataSource guarded = TraceGuardDataSource.wrap(raw, "testdb");
    sql(raw, SCHEMA);
    Snapshot before = snapshot(raw, "items");
    RequestContext standard = Requests.standard();
    in(standard, () -> scenario.run(guarded));
    assertThat(snapshot(raw, "items")).as("STANDARD changes the table").isNotEqualTo(before);
    assertThat(standard.sideEffects().report().isEmpty()).isTrue();

    sql(raw, SCHEMA);
    assertThat(snapshot(raw, "items")).isEqualTo(before);
    RequestContext trace = Requests.trace();
    in(trace, () -> scenario.run(guarded));
    assertThat(snapshot(raw, "items")).as("TRACE leaves the table unchanged").isEqualTo(before);
    return trace.sideEffects().report();
  }

  /** Failure mode 6 (plain JDBC writes) and 33 (report completeness). */
  @ParameterizedTest
  @EnumSource(Db.class)
  void jdbcInsertUpdateDeleteInATransactionPersistOnlyForStandard(Db db) throws Exception {
    SideEffectReport report =
        standardThenTrace(
            TestDatabases.fresh(db),
            ds -> {
              try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ins =
                        c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)");
                    Statement s = c.createStatement()) {
                  ins.setInt(1, 3);
                  ins.setString(2, "plum");
                  ins.setInt(3, 1);
                  assertThat(ins.executeUpdate()).isEqualTo(1);
                  assertThat(s.executeUpdate("UPDATE items SET qty = qty + 1 WHERE id = 1"))
                      .isEqualTo(1);
                  assertThat(s.executeUpdate("DELETE FROM items WHERE id = 2")).isEqualTo(1);
                  try (var rs = s.executeQuery("SELECT count(*) FROM items")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("reads its own writes").isEqualTo(2);
                  }
                }
                c.commit();
              }
            });
    assertThat(report.count(SideEffect.Kind.STATEMENT)).isEqualTo(3);
    assertThat(report.effects())
        .contains(
            new SideEffect(SideEffect.Kind.STATEMENT, "items", "INSERT items"),
            new SideEffect(SideEffect.Kind.STATEMENT, "items", "UPDATE items"),
            new SideEffect(SideEffect.Kind.STATEMENT, "items", "DELETE items"),
            new SideEffect(SideEffect.Kind.TRANSACTION, "testdb", "commit() turned into rollback"));
    assertThat(report.count(SideEffect.Kind.VIOLATION)).isEqualTo(1);
    assertThat(TraceReport.from(report).committed()).isEqualTo(TraceReport.Committed.FALSE);
  }

  /** Failure mode 8: autocommit path outside any transaction. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void autocommitWritesDoNotPersistUnderTraceAndStillReadTheirOwnWrites(Db db) throws Exception {
    SideEffectReport report =
        standardThenTrace(
            TestDatabases.fresh(db),
            ds -> {
              try (Connection c = ds.getConnection();
                  Statement s = c.createStatement()) {
                assertThat(c.getAutoCommit()).isTrue();
                s.executeUpdate("INSERT INTO items VALUES (3, 'plum', 1)");
                s.executeUpdate("UPDATE items SET qty = 0 WHERE id = 3");
                assertThat(c.getAutoCommit()).as("the application's view is unchanged").isTrue();
                try (var rs = s.executeQuery("SELECT qty FROM items WHERE id = 3")) {
                  assertThat(rs.next()).isTrue();
                  assertThat(rs.getInt(1)).isZero();
                }
              }
            });
    assertThat(report.count(SideEffect.Kind.STATEMENT)).isEqualTo(2);
    assertThat(report.count(SideEffect.Kind.VIOLATION)).isEqualTo(2);
    assertThat(report.effects())
        .contains(
            new SideEffect(
                SideEffect.Kind.TRANSACTION, "testdb", "autocommit work rolled back at close"));
  }

  /** Failure mode 9: setAutoCommit(true) mid-transaction. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void setAutoCommitTrueMidTransactionIsNeutralised(Db db) throws Exception {
    SideEffectReport report =
        standardThenTrace(
            TestDatabases.fresh(db),
            ds -> {
              try (Connection c = ds.getConnection();
                  Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO items VALUES (3, 'plum', 1)");
                c.setAutoCommit(true); // per JDBC this commits the transaction
                assertThat(c.getAutoCommit()).isTrue();
              }
            });
    assertThat(report.effects())
        .contains(
            new SideEffect(
                SideEffect.Kind.TRANSACTION, "testdb", "setAutoCommit(true) turned into rollback"),
            new SideEffect(
                SideEffect.Kind.VIOLATION,
                "testdb",
                "setAutoCommit(true) reached the JDBC connection under TRACE; rolled back"));
  }

  /** Failure mode 6: batched JDBC writes. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void batchStatementsDoNotPersistUnderTrace(Db db) throws Exception {
    SideEffectReport report =
        standardThenTrace(
            TestDatabases.fresh(db),
            ds -> {
              try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
                  for (int i = 10; i < 13; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "item" + i);
                    ps.setInt(3, i);
                    ps.addBatch();
                  }
                  assertThat(ps.executeBatch()).hasSize(3);
                }
                try (Statement s = c.createStatement()) {
                  s.addBatch("UPDATE items SET qty = 9 WHERE id = 1");
                  s.addBatch("DELETE FROM items WHERE id = 2");
                  assertThat(s.executeBatch()).containsExactly(1, 1);
                }
                c.commit();
              }
            });
    assertThat(report.effects())
        .contains(
            new SideEffect(SideEffect.Kind.STATEMENT, "items", "INSERT items (batch of 3)"),
            new SideEffect(SideEffect.Kind.STATEMENT, "items", "UPDATE items (batch of 2)"));
  }

  /** Failure mode 10: DDL and explicit COMMIT/END in native SQL. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void ddlAndImplicitCommitStatementsAreRejectedUnderTraceButWorkUnderStandard(Db db)
      throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    DataSource guarded = TraceGuardDataSource.wrap(raw, "testdb");
    sql(raw, SCHEMA);

    in(
        Requests.standard(),
        () -> {
          try (Connection c = guarded.getConnection();
              Statement s = c.createStatement()) {
            s.execute("CREATE TABLE created_by_standard (id INT)");
          }
        });
    assertThat(Requests.count(raw, "SELECT count(*) FROM created_by_standard")).isZero();

    RequestContext trace = Requests.trace();
    String[] rejected = {
      "CREATE TABLE created_by_trace (id INT)",
      "  /* a comment */ -- another\n alter table items add column x int",
      "DROP TABLE items",
      "TRUNCATE TABLE items",
      "COMMIT",
      "END",
      "INSERT INTO items VALUES (7, 'kiwi', 1); COMMIT",
    };
    in(
        trace,
        () -> {
          try (Connection c = guarded.getConnection();
              Statement s = c.createStatement()) {
            for (String q : rejected) {
              SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute(q));
              assertThat((Throwable) e).as(q).isNotNull();
              assertThat(e.getSQLState()).isEqualTo(TraceGuardDataSource.REJECTED_SQL_STATE);
              assertThat(e.getMessage())
                  .contains("commits implicitly")
                  .contains("rejected under TRACE");
            }
            assertThatThrownBy(() -> c.prepareStatement("DROP TABLE items").execute())
                .isInstanceOf(SQLException.class);
            s.addBatch("INSERT INTO items VALUES (8, 'fig', 1)");
            s.addBatch("CREATE TABLE x (id INT)");
            assertThatThrownBy(s::executeBatch).hasMessageContaining("CREATE TABLE");
          }
        });
    assertThat(Requests.count(raw, "SELECT count(*) FROM items")).isEqualTo(2);
    try (Connection c = raw.getConnection();
        var rs = c.getMetaData().getTables(null, null, "%", null)) {
      while (rs.next()) {
        assertThat(rs.getString("TABLE_NAME")).isNotIn("created_by_trace", "CREATED_BY_TRACE");
      }
    }
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.VIOLATION))
        .isEqualTo(rejected.length + 2);
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.STATEMENT)).isZero();
  }

  /** Failure mode 2: violations surface exactly as in real mode. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void constraintViolationSurfacesUnderTraceWithTheSameSqlStateAsStandard(Db db) throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    String[] states = new String[2];
    int[] round = {0};
    standardThenTrace(
        raw,
        ds -> {
          try (Connection c = ds.getConnection();
              Statement s = c.createStatement()) {
            SQLException e =
                catchThrowableOfType(
                    SQLException.class,
                    () -> s.executeUpdate("INSERT INTO items VALUES (1, 'dup', 1)"));
            assertThat((Throwable) e).isNotNull();
            SQLException check =
                catchThrowableOfType(
                    SQLException.class,
                    () -> s.executeUpdate("INSERT INTO items VALUES (9, 'neg', -1)"));
            assertThat((Throwable) check).isNotNull();
            states[round[0]++] = e.getSQLState() + "/" + check.getSQLState();
            // In autocommit mode a failed statement leaves the connection usable: TRACE too.
            s.executeUpdate("INSERT INTO items VALUES (3, 'plum', 1)");
          }
        });
    assertThat(states[1]).isEqualTo(states[0]).startsWith("23");
  }

  /** Failure mode 5: sequence/identity advance (known limit, shown). */
  @ParameterizedTest
  @EnumSource(Db.class)
  void sequenceAndIdentityGapsRemainAfterTraceAsADocumentedLimit(Db db) throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    DataSource guarded = TraceGuardDataSource.wrap(raw);
    String identity =
        db == Db.H2
            ? "CREATE TABLE tickets (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, t VARCHAR(9))"
            : "CREATE TABLE tickets (id BIGSERIAL PRIMARY KEY, t VARCHAR(9))";
    sql(raw, "CREATE SEQUENCE seq", identity);
    String next = db == Db.H2 ? "SELECT NEXT VALUE FOR seq" : "SELECT nextval('seq')";

    in(
        Requests.trace(),
        () -> {
          try (Connection c = guarded.getConnection();
              Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeQuery(next).close();
            s.executeQuery(next).close();
            s.executeUpdate("INSERT INTO tickets (t) VALUES ('trace')");
            c.commit();
          }
        });
    assertThat(Requests.count(raw, "SELECT count(*) FROM tickets")).isZero();
    // The gap: sequences and identities are not transactional, so TRACE consumed values 1..2.
    assertThat(Requests.count(raw, next)).isEqualTo(3);
    sql(raw, "INSERT INTO tickets (t) VALUES ('real')");
    assertThat(Requests.count(raw, "SELECT id FROM tickets")).isEqualTo(2);
  }

  /** Failure mode 3: deferred constraint (known limit, shown). */
  @Test
  void deferredConstraintIsNotCheckedUnderTraceAsADocumentedLimit() throws Exception {
    DataSource raw = TestDatabases.fresh(Db.POSTGRES);
    DataSource guarded = TraceGuardDataSource.wrap(raw);
    sql(
        raw,
        "CREATE TABLE parent (id INT PRIMARY KEY)",
        "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT REFERENCES parent(id)"
            + " DEFERRABLE INITIALLY DEFERRED)");
    Scenario orphan =
        ds -> {
          try (Connection c = ds.getConnection();
              Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO child VALUES (1, 42)");
            c.commit();
          }
        };
    SQLException[] standardFailure = new SQLException[1];
    in(
        Requests.standard(),
        () ->
            standardFailure[0] =
                catchThrowableOfType(SQLException.class, () -> orphan.run(guarded)));
    assertThat((Throwable) standardFailure[0]).as("STANDARD fails at commit").isNotNull();
    assertThat(standardFailure[0].getSQLState()).isEqualTo("23503");

    RequestContext trace = Requests.trace();
    in(trace, () -> orphan.run(guarded));
    // The gap: the check runs at commit, which TRACE never reaches, so TRACE "succeeds".
    assertThat(Requests.count(raw, "SELECT count(*) FROM child")).isZero();
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.TRANSACTION)).isEqualTo(1);
  }

  /** Failure mode 16: rollback failure after the connection was killed. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void rollbackFailureReportsCommittedUnknownAndRequiresServerError(Db db) throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    DataSource guarded = TraceGuardDataSource.wrap(raw, "testdb");
    sql(raw, SCHEMA);
    RequestContext trace = Requests.trace();
    in(
        trace,
        () -> {
          try (Connection c = guarded.getConnection();
              Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO items VALUES (3, 'plum', 1)");
            killUnderlyingConnection(db, raw, c);
            assertThatThrownBy(c::commit)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("committed: unknown");
          }
        });
    TraceReport report = TraceReport.from(trace.sideEffects().report());
    assertThat(report.committed()).isEqualTo(TraceReport.Committed.UNKNOWN);
    assertThat(report.requiresServerError()).isTrue();
    assertThat(report.headerValue()).startsWith("committed=unknown;");
    assertThat(Requests.count(raw, "SELECT count(*) FROM items")).isEqualTo(2);
  }

  /** Kills the session: PostgreSQL terminates the backend, H2 closes the physical connection. */
  private static void killUnderlyingConnection(Db db, DataSource raw, Connection guarded)
      throws SQLException {
    if (db == Db.POSTGRES) {
      int pid;
      try (Statement s = guarded.createStatement();
          var rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      try (Connection other = raw.getConnection();
          Statement s = other.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
    } else {
      guarded.unwrap(org.h2.jdbc.JdbcConnection.class).close();
    }
  }

  /** Failure modes 11 and 22: pending work on close and reuse of a handle. */
  @ParameterizedTest
  @EnumSource(Db.class)
  void handleTakenUnderTraceAndReusedUnderStandardNeverCommitsTraceWork(Db db) throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    DataSource guarded = TraceGuardDataSource.wrap(raw);
    sql(raw, SCHEMA);
    try (Connection c = guarded.getConnection();
        Statement s = c.createStatement()) {
      // autocommit handle: TRACE write, then a STANDARD write on the same handle
      in(Requests.trace(), () -> s.executeUpdate("INSERT INTO items VALUES (3, 'trace', 1)"));
      in(Requests.standard(), () -> s.executeUpdate("INSERT INTO items VALUES (4, 'std', 1)"));
      assertThat(Requests.count(raw, "SELECT count(*) FROM items WHERE id = 3")).isZero();
      assertThat(Requests.count(raw, "SELECT count(*) FROM items WHERE id = 4")).isOne();

      // a transaction begun under TRACE and continued under STANDARD fails instead of committing
      c.setAutoCommit(false);
      in(Requests.trace(), () -> s.executeUpdate("INSERT INTO items VALUES (5, 'trace', 1)"));
      in(
          Requests.standard(),
          () ->
              assertThatThrownBy(() -> s.executeUpdate("INSERT INTO items VALUES (6, 'std', 1)"))
                  .hasMessageContaining("uncommitted work of a TRACE request"));
      in(Requests.standard(), c::commit);
    }
    assertThat(Requests.count(raw, "SELECT count(*) FROM items WHERE id IN (3, 5)")).isZero();
  }

  @Test
  void standardRequestsSeeNoChangeAtAll() throws Exception {
    DataSource raw = TestDatabases.fresh(Db.H2);
    DataSource guarded = TraceGuardDataSource.wrap(raw, "testdb");
    sql(raw, SCHEMA);
    RequestContext standard = Requests.standard();
    in(
        standard,
        () -> {
          try (Connection c = guarded.getConnection();
              Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO items VALUES (3, 'plum', 1)");
            s.execute("CREATE TABLE more (id INT)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO items VALUES (4, 'fig', 1)");
            c.commit();
            s.executeUpdate("INSERT INTO items VALUES (5, 'kiwi', 1)");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(s.getConnection()).isSameAs(c);
          }
        });
    // outside any request (the empty context) behaves as STANDARD too
    try (Connection c = guarded.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO items VALUES (6, 'lime', 1)");
    }
    assertThat(Requests.count(raw, "SELECT count(*) FROM items")).isEqualTo(5);
    assertThat(standard.sideEffects().report().isEmpty()).isTrue();
  }

  @Test
  void unwrapReachesTheOriginalAndWrappingTwiceReturnsTheSameGuard() throws Exception {
    DataSource raw = TestDatabases.fresh(Db.H2);
    DataSource guarded = TraceGuardDataSource.wrap(raw);
    assertThat(TraceGuardDataSource.wrap(guarded)).isSameAs(guarded);
    assertThat(guarded.unwrap(org.h2.jdbcx.JdbcDataSource.class)).isSameAs(raw);
    assertThat(guarded.isWrapperFor(org.h2.jdbcx.JdbcDataSource.class)).isTrue();
    assertThat(guarded.unwrap(TraceGuardDataSource.class)).isSameAs(guarded);
    assertThat(TraceGuardDataSource.isGuarded(guarded)).isTrue();
    assertThat(TraceGuardDataSource.isGuarded(raw)).isFalse();
    try (Connection c = guarded.getConnection()) {
      assertThat(c.unwrap(Connection.class)).isSameAs(c);
      assertThat(c.unwrap(org.h2.jdbc.JdbcConnection.class)).isNotNull();
    }
  }
}
