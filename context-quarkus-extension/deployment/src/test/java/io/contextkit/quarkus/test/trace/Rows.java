package io.contextkit.quarkus.test.trace;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the database on a connection of its own, outside the application's pool and guards. */
public final class Rows {

  public static final String URL = "jdbc:h2:mem:contextkit-trace;DB_CLOSE_DELAY=-1";

  private Rows() {}

  /** How many items named {@code name} are committed. */
  public static int items(String name) {
    try (Connection c = DriverManager.getConnection(URL, "sa", "");
        PreparedStatement q = c.prepareStatement("select count(*) from item where name = ?")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
