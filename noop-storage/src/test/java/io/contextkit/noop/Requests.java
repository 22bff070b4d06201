package io.contextkit.noop;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/** Test helpers: request contexts, running work in them, and table snapshots. */
final class Requests {

  interface Work {
    void run() throws Exception;
  }

  private Requests() {}

  static RequestContext standard() {
    return RequestContext.builder().requestId("std-" + System.nanoTime()).build();
  }

  static RequestContext trace() {
    return RequestContext.builder()
        .requestId("trace-" + System.nanoTime())
        .requestType(RequestType.TRACE)
        .build();
  }

  static void in(RequestContext ctx, Work work) throws Exception {
    try (ContextScope scope = ctx.makeCurrent()) {
      work.run();
    }
  }

  /** Row count and a checksum of every row of {@code table}, read on a separate connection. */
  record Snapshot(long rows, String checksum) {}

  static Snapshot snapshot(DataSource raw, String table) throws SQLException {
    try (Connection c = raw.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
      MessageDigest digest = sha256();
      ResultSetMetaData md = rs.getMetaData();
      long rows = 0;
      while (rs.next()) {
        rows++;
        for (int i = 1; i <= md.getColumnCount(); i++) {
          digest.update(
              String.valueOf(rs.getObject(i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          digest.update((byte) 0);
        }
        digest.update((byte) '\n');
      }
      return new Snapshot(rows, HexFormat.of().formatHex(digest.digest()));
    }
  }

  static void sql(DataSource raw, String... statements) throws SQLException {
    try (Connection c = raw.getConnection();
        Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    }
  }

  static long count(DataSource raw, String query) throws SQLException {
    try (Connection c = raw.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
