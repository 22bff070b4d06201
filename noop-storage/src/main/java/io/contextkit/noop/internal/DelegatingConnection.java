package io.contextkit.noop.internal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Forwards every {@link Connection} method to the wrapped connection; the guard overrides what it
 * changes.
 */
@SuppressWarnings("deprecation")
abstract class DelegatingConnection implements Connection {

  final Connection connection;

  DelegatingConnection(Connection connection) {
    this.connection = connection;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return connection.createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String p0) throws SQLException {
    return connection.prepareStatement(p0);
  }

  @Override
  public CallableStatement prepareCall(String p0) throws SQLException {
    return connection.prepareCall(p0);
  }

  @Override
  public String nativeSQL(String p0) throws SQLException {
    return connection.nativeSQL(p0);
  }

  @Override
  public void setAutoCommit(boolean p0) throws SQLException {
    connection.setAutoCommit(p0);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return connection.getAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
  }

  @Override
  public void rollback() throws SQLException {
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return connection.isClosed();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return connection.getMetaData();
  }

  @Override
  public void setReadOnly(boolean p0) throws SQLException {
    connection.setReadOnly(p0);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return connection.isReadOnly();
  }

  @Override
  public void setCatalog(String p0) throws SQLException {
    connection.setCatalog(p0);
  }

  @Override
  public String getCatalog() throws SQLException {
    return connection.getCatalog();
  }

  @Override
  public void setTransactionIsolation(int p0) throws SQLException {
    connection.setTransactionIsolation(p0);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return connection.getTransactionIsolation();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return connection.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    connection.clearWarnings();
  }

  @Override
  public Statement createStatement(int p0, int p1) throws SQLException {
    return connection.createStatement(p0, p1);
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int p1, int p2) throws SQLException {
    return connection.prepareStatement(p0, p1, p2);
  }

  @Override
  public CallableStatement prepareCall(String p0, int p1, int p2) throws SQLException {
    return connection.prepareCall(p0, p1, p2);
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return connection.getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> p0) throws SQLException {
    connection.setTypeMap(p0);
  }

  @Override
  public void setHoldability(int p0) throws SQLException {
    connection.setHoldability(p0);
  }

  @Override
  public int getHoldability() throws SQLException {
    return connection.getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return connection.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String p0) throws SQLException {
    return connection.setSavepoint(p0);
  }

  @Override
  public void rollback(Savepoint p0) throws SQLException {
    connection.rollback(p0);
  }

  @Override
  public void releaseSavepoint(Savepoint p0) throws SQLException {
    connection.releaseSavepoint(p0);
  }

  @Override
  public Statement createStatement(int p0, int p1, int p2) throws SQLException {
    return connection.createStatement(p0, p1, p2);
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) throws SQLException {
    return connection.prepareStatement(p0, p1, p2, p3);
  }

  @Override
  public CallableStatement prepareCall(String p0, int p1, int p2, int p3) throws SQLException {
    return connection.prepareCall(p0, p1, p2, p3);
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int p1) throws SQLException {
    return connection.prepareStatement(p0, p1);
  }

  @Override
  public PreparedStatement prepareStatement(String p0, int[] p1) throws SQLException {
    return connection.prepareStatement(p0, p1);
  }

  @Override
  public PreparedStatement prepareStatement(String p0, String[] p1) throws SQLException {
    return connection.prepareStatement(p0, p1);
  }

  @Override
  public Clob createClob() throws SQLException {
    return connection.createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return connection.createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return connection.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return connection.createSQLXML();
  }

  @Override
  public boolean isValid(int p0) throws SQLException {
    return connection.isValid(p0);
  }

  @Override
  public void setClientInfo(String p0, String p1) throws SQLClientInfoException {
    connection.setClientInfo(p0, p1);
  }

  @Override
  public void setClientInfo(Properties p0) throws SQLClientInfoException {
    connection.setClientInfo(p0);
  }

  @Override
  public String getClientInfo(String p0) throws SQLException {
    return connection.getClientInfo(p0);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return connection.getClientInfo();
  }

  @Override
  public Array createArrayOf(String p0, Object[] p1) throws SQLException {
    return connection.createArrayOf(p0, p1);
  }

  @Override
  public Struct createStruct(String p0, Object[] p1) throws SQLException {
    return connection.createStruct(p0, p1);
  }

  @Override
  public void setSchema(String p0) throws SQLException {
    connection.setSchema(p0);
  }

  @Override
  public String getSchema() throws SQLException {
    return connection.getSchema();
  }

  @Override
  public void abort(Executor p0) throws SQLException {
    connection.abort(p0);
  }

  @Override
  public void setNetworkTimeout(Executor p0, int p1) throws SQLException {
    connection.setNetworkTimeout(p0, p1);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return connection.getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    connection.beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    connection.endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey p0, ShardingKey p1, int p2) throws SQLException {
    return connection.setShardingKeyIfValid(p0, p1, p2);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey p0, int p1) throws SQLException {
    return connection.setShardingKeyIfValid(p0, p1);
  }

  @Override
  public void setShardingKey(ShardingKey p0, ShardingKey p1) throws SQLException {
    connection.setShardingKey(p0, p1);
  }

  @Override
  public void setShardingKey(ShardingKey p0) throws SQLException {
    connection.setShardingKey(p0);
  }
}
