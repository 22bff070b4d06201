package io.contextkit.noop;

import static io.contextkit.noop.Requests.in;
import static io.contextkit.noop.Requests.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.TestDatabases.Db;
import io.contextkit.noop.internal.TraceRollbacks;
import io.contextkit.noop.internal.TraceRollbacks.Seen;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the guard tells a transaction layer about the rollback it just asked for: whether the
 * rolled-back transaction wrote, only read, or never reached a guarded connection, against real H2
 * and PostgreSQL databases.
 */
class TraceRollbacksIT {

  private static final String[] SCHEMA = {
    "DROP TABLE IF EXISTS notes",
    "CREATE TABLE notes (id INT PRIMARY KEY, text VARCHAR(40))",
    "INSERT INTO notes VALUES (1, 'a')"
  };

  interface Transaction {
    void run(Connection c) throws Exception;
  }

  /** Runs {@code work} in a transaction of its own under {@code trace}, then rolls it back. */
  private static Seen rolledBack(DataSource guarded, boolean trace, Transaction work)
      throws Exception {
    AtomicReference<Seen> seen = new AtomicReference<>();
    in(
        trace ? Requests.trace() : Requests.standard(),
        () -> {
          try (Connection c = guarded.getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            TraceRollbacks.Mark mark = TraceRollbacks.mark();
            c.rollback();
            seen.set(TraceRollbacks.since(mark));
            c.setAutoCommit(true);
          }
        });
    return seen.get();
  }

  private static DataSource guarded(Db db) throws Exception {
    DataSource raw = TestDatabases.fresh(db);
    sql(raw, SCHEMA);
    return TraceGuardDataSource.wrap(raw, "notes-db");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aTransactionThatOnlyReadIsSeenAsReadsOnly(Db db) throws Exception {
    Seen seen =
        rolledBack(
            guarded(db),
            true,
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SELECT text FROM notes")) {
                assertThat(rs.next()).isTrue();
              }
            });

    assertThat(seen).isEqualTo(Seen.READS_ONLY);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aTransactionThatWroteIsSeenAsWrites(Db db) throws Exception {
    Seen seen =
        rolledBack(
            guarded(db),
            true,
            c -> {
              try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT text FROM notes").close();
                s.executeUpdate("UPDATE notes SET text = 'b' WHERE id = 1");
              }
            });

    assertThat(seen).isEqualTo(Seen.WRITES);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aStandardRollbackIsNotCounted(Db db) throws Exception {
    Seen seen =
        rolledBack(
            guarded(db),
            false,
            c -> {
              try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE notes SET text = 'b' WHERE id = 1");
              }
            });

    assertThat(seen).isEqualTo(Seen.NOTHING);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aRollbackOnAnUnguardedConnectionIsNotSeen(Db db) throws Exception {
    Seen seen =
        rolledBack(
            TestDatabases.fresh(db),
            true,
            c -> {
              try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS other (id INT)");
              }
            });

    assertThat(seen).isEqualTo(Seen.NOTHING);
  }
}
