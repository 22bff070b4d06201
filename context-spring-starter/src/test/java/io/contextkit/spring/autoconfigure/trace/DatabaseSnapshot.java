package io.contextkit.spring.autoconfigure.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row counts and a checksum of every application table, read on a connection of its own (straight
 * from the driver, not from the application's pool or guard), so that it sees only committed data.
 */
record DatabaseSnapshot(Map<String, Integer> counts, String checksum) {

  static final String[] TABLES = {"purchase_order", "ticket", "stock", "audit_log"};

  static DatabaseSnapshot take(String url, String user, String password) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String table : TABLES) {
        int rows = 0;
        try (ResultSet rs = s.executeQuery("select * from " + table + " order by 1")) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            rows++;
            StringBuilder row = new StringBuilder(table);
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              row.append('|').append(rs.getString(i));
            }
            digest.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
          }
        }
        counts.put(table, rows);
      }
      return new DatabaseSnapshot(counts, HexFormat.of().formatHex(digest.digest()));
    } catch (SQLException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  int count(String table) {
    return counts.get(table);
  }

  /** Rows added per table since {@code before} (negative when removed). */
  Map<String, Integer> minus(DatabaseSnapshot before) {
    Map<String, Integer> delta = new LinkedHashMap<>();
    for (String table : TABLES) {
      delta.put(table, count(table) - before.count(table));
    }
    return delta;
  }
}
