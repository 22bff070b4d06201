package io.contextkit.noop.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * Forwards every {@link Statement} method to the wrapped statement; the guard overrides what it
 * changes.
 */
@SuppressWarnings("deprecation")
abstract class DelegatingStatement implements Statement {

  final Statement statement;

  DelegatingStatement(Statement statement) {
    this.statement = statement;
  }

  @Override
  public ResultSet executeQuery(String p0) throws SQLException {
    return statement.executeQuery(p0);
  }

  @Override
  public int executeUpdate(String p0) throws SQLException {
    return statement.executeUpdate(p0);
  }

  @Override
  public void close() throws SQLException {
    statement.close();
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    return statement.getMaxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int p0) throws SQLException {
    statement.setMaxFieldSize(p0);
  }

  @Override
  public int getMaxRows() throws SQLException {
    return statement.getMaxRows();
  }

  @Override
  public void setMaxRows(int p0) throws SQLException {
    statement.setMaxRows(p0);
  }

  @Override
  public void setEscapeProcessing(boolean p0) throws SQLException {
    statement.setEscapeProcessing(p0);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return statement.getQueryTimeout();
  }

  @Override
  public void setQueryTimeout(int p0) throws SQLException {
    statement.setQueryTimeout(p0);
  }

  @Override
  public void cancel() throws SQLException {
    statement.cancel();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return statement.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    statement.clearWarnings();
  }

  @Override
  public void setCursorName(String p0) throws SQLException {
    statement.setCursorName(p0);
  }

  @Override
  public boolean execute(String p0) throws SQLException {
    return statement.execute(p0);
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return statement.getResultSet();
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return statement.getUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return statement.getMoreResults();
  }

  @Override
  public void setFetchDirection(int p0) throws SQLException {
    statement.setFetchDirection(p0);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return statement.getFetchDirection();
  }

  @Override
  public void setFetchSize(int p0) throws SQLException {
    statement.setFetchSize(p0);
  }

  @Override
  public int getFetchSize() throws SQLException {
    return statement.getFetchSize();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return statement.getResultSetConcurrency();
  }

  @Override
  public int getResultSetType() throws SQLException {
    return statement.getResultSetType();
  }

  @Override
  public void addBatch(String p0) throws SQLException {
    statement.addBatch(p0);
  }

  @Override
  public void clearBatch() throws SQLException {
    statement.clearBatch();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return statement.executeBatch();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return statement.getConnection();
  }

  @Override
  public boolean getMoreResults(int p0) throws SQLException {
    return statement.getMoreResults(p0);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    return statement.getGeneratedKeys();
  }

  @Override
  public int executeUpdate(String p0, int p1) throws SQLException {
    return statement.executeUpdate(p0, p1);
  }

  @Override
  public int executeUpdate(String p0, int[] p1) throws SQLException {
    return statement.executeUpdate(p0, p1);
  }

  @Override
  public int executeUpdate(String p0, String[] p1) throws SQLException {
    return statement.executeUpdate(p0, p1);
  }

  @Override
  public boolean execute(String p0, int p1) throws SQLException {
    return statement.execute(p0, p1);
  }

  @Override
  public boolean execute(String p0, int[] p1) throws SQLException {
    return statement.execute(p0, p1);
  }

  @Override
  public boolean execute(String p0, String[] p1) throws SQLException {
    return statement.execute(p0, p1);
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return statement.getResultSetHoldability();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return statement.isClosed();
  }

  @Override
  public void setPoolable(boolean p0) throws SQLException {
    statement.setPoolable(p0);
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return statement.isPoolable();
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    statement.closeOnCompletion();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return statement.isCloseOnCompletion();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return statement.getLargeUpdateCount();
  }

  @Override
  public void setLargeMaxRows(long p0) throws SQLException {
    statement.setLargeMaxRows(p0);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return statement.getLargeMaxRows();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return statement.executeLargeBatch();
  }

  @Override
  public long executeLargeUpdate(String p0) throws SQLException {
    return statement.executeLargeUpdate(p0);
  }

  @Override
  public long executeLargeUpdate(String p0, int p1) throws SQLException {
    return statement.executeLargeUpdate(p0, p1);
  }

  @Override
  public long executeLargeUpdate(String p0, int[] p1) throws SQLException {
    return statement.executeLargeUpdate(p0, p1);
  }

  @Override
  public long executeLargeUpdate(String p0, String[] p1) throws SQLException {
    return statement.executeLargeUpdate(p0, p1);
  }

  @Override
  public String enquoteLiteral(String p0) throws SQLException {
    return statement.enquoteLiteral(p0);
  }

  @Override
  public String enquoteIdentifier(String p0, boolean p1) throws SQLException {
    return statement.enquoteIdentifier(p0, p1);
  }

  @Override
  public boolean isSimpleIdentifier(String p0) throws SQLException {
    return statement.isSimpleIdentifier(p0);
  }

  @Override
  public String enquoteNCharLiteral(String p0) throws SQLException {
    return statement.enquoteNCharLiteral(p0);
  }
}
