package io.contextkit.quarkus.test.trace;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Plain JDBC in autocommit mode on the application's datasource: no transaction around it. The
 * tests create the table first ({@link #committed} does), outside the application.
 */
@Path("/notes")
public class NoteResource {

  public static final AtomicInteger CALLS = new AtomicInteger();

  @Inject DataSource dataSource;

  @POST
  @Path("/{text}")
  public String write(@PathParam("text") String text) throws SQLException {
    CALLS.incrementAndGet();
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert = c.prepareStatement("insert into note values (?)")) {
      insert.setString(1, text);
      insert.executeUpdate();
    }
    return "noted " + text;
  }

  /** How many notes {@code text} are committed, read on a connection outside the pool. */
  public static int committed(String url, String text) {
    try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("create table if not exists note (text varchar(64))");
      try (PreparedStatement q = c.prepareStatement("select count(*) from note where text = ?")) {
        q.setString(1, text);
        try (java.sql.ResultSet rs = q.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
