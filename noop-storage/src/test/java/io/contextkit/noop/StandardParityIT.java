package io.contextkit.noop;

import static io.contextkit.noop.Requests.in;
import static io.contextkit.noop.Requests.snapshot;
import static io.contextkit.noop.Requests.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.noop.TestDatabases.Db;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * STANDARD requests see no behaviour change: the same script of JDBC operations — writes in both
 * autocommit modes, rollbacks, savepoints, DDL, batches, failures — gives identical results,
 * exceptions (SQLState) and final tables through the guard under STANDARD as on the unguarded data
 * source.
 */
class StandardParityIT {

  private static List<String> script(DataSource ds) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      out.add("autocommit=" + c.getAutoCommit());
      out.add("insert=" + s.executeUpdate("INSERT INTO items VALUES (3, 'plum', 1)"));
      out.add(attempt(() -> s.executeUpdate("INSERT INTO items VALUES (3, 'dup', 1)")));
      out.add(attempt(() -> c.commit()));
      c.setAutoCommit(false);
      out.add("autocommit=" + c.getAutoCommit());
      out.add("update=" + s.executeUpdate("UPDATE items SET qty = 7"));
      Savepoint sp = c.setSavepoint();
      s.executeUpdate("DELETE FROM items WHERE id = 1");
      c.rollback(sp);
      c.commit();
      s.executeUpdate("INSERT INTO items VALUES (4, 'lost', 1)");
      c.rollback();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
        for (int i = 10; i < 13; i++) {
          ps.setInt(1, i);
          ps.setString(2, "n" + i);
          ps.setInt(3, i);
          ps.addBatch();
        }
        out.add("batch=" + ps.executeBatch().length);
      }
      s.executeUpdate("INSERT INTO items VALUES (5, 'pending', 1)");
      c.setAutoCommit(true); // commits per JDBC
      out.add(attempt(() -> s.execute("CREATE TABLE extra (id INT)")));
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
        rs.next();
        out.add("count=" + rs.getInt(1));
      }
    }
    return out;
  }

  interface Op {
    void run() throws SQLException;
  }

  private static String attempt(Op op) {
    try {
      op.run();
      return "ok";
    } catch (SQLException e) {
      return e.getClass().getSimpleName() + "/" + e.getSQLState();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void standardRequestsBehaveExactlyAsOnTheUnguardedDataSource(Db db) throws Exception {
    String[] schema = {
      "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE, qty INT)",
      "INSERT INTO items VALUES (1, 'apple', 3)"
    };
    DataSource plain = TestDatabases.fresh(db);
    DataSource other = TestDatabases.fresh(db);
    sql(plain, schema);
    sql(other, schema);

    List<String> unguarded = script(plain);
    List<List<String>> guarded = new ArrayList<>();
    RequestContext standard = Requests.standard();
    in(standard, () -> guarded.add(script(TraceGuardDataSource.wrap(other))));

    assertThat(guarded.get(0)).isEqualTo(unguarded);
    assertThat(unguarded).contains("count=6");
    assertThat(snapshot(other, "items")).isEqualTo(snapshot(plain, "items"));
    assertThat(snapshot(other, "extra")).isEqualTo(snapshot(plain, "extra"));
    assertThat(standard.sideEffects().report().isEmpty()).isTrue();
  }
}
