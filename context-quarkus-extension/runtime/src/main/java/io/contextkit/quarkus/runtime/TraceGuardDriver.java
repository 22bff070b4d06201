package io.contextkit.quarkus.runtime;

import io.contextkit.noop.TraceGuardDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Enumeration;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC backstop of TRACE requests below the Agroal pool: a {@link Driver} that opens each
 * physical connection with the driver registered for the URL and guards it like {@link
 * TraceGuardDataSource} does. Agroal commits JTA transactions on the physical connection ({@code
 * LocalXAResource}), so a guard around the pooled {@code DataSource} would never see those commits;
 * this one does, whatever path the work took (Hibernate ORM, plain JDBC, autocommit).
 *
 * <p>The extension installs it below every Agroal datasource by itself ({@code
 * quarkus.contextkit.trace.jdbc-guard.enabled}, default true): the pool then opens connections
 * through this driver, which hands them to the driver the datasource would have used — its {@code
 * jdbc.driver}, or the one of its {@code db-kind} — named by the JDBC property {@value
 * #TARGET_DRIVER_PROPERTY} (removed before the target driver sees the properties). Naming it in
 * {@code quarkus.datasource.jdbc.driver} still works; without the property it opens each connection
 * with the first registered driver that accepts the URL.
 *
 * <p>Under a TRACE context a {@code commit()} that reaches a physical connection rolls back instead
 * and is reported as a {@code VIOLATION} (the transaction layer should have rolled back first), an
 * autocommit write is held in a transaction and rolled back, implicit-commit statements (DDL,
 * {@code COMMIT}...) are rejected; see {@link TraceGuardDataSource} for the whole contract.
 * STANDARD work is untouched.
 *
 * <p>This driver is not registered with {@link DriverManager}: it is used only where it is named.
 * It accepts every URL that a registered driver accepts. Thread-safe.
 */
public final class TraceGuardDriver implements Driver {

  /** The name reported as the target of transaction-level effects. */
  public static final String NAME = "jdbc";

  /** The JDBC property naming the driver class this one delegates to. */
  public static final String TARGET_DRIVER_PROPERTY = "contextkit.trace-guard.target-driver";

  private static final ConcurrentMap<String, Driver> TARGETS = new ConcurrentHashMap<>();

  /** Created by the pool from the configured driver class name. */
  public TraceGuardDriver() {}

  @Override
  public @Nullable Connection connect(@Nullable String url, @Nullable Properties info)
      throws SQLException {
    String targetClass = info == null ? null : info.getProperty(TARGET_DRIVER_PROPERTY);
    Driver driver = targetClass == null ? target(url) : named(targetClass);
    if (driver == null) {
      return null;
    }
    Properties forTarget = info;
    if (targetClass != null) {
      forTarget = new Properties();
      forTarget.putAll(info);
      forTarget.remove(TARGET_DRIVER_PROPERTY);
    }
    Connection physical = driver.connect(url, forTarget);
    if (physical == null) {
      return null;
    }
    // Not counted in the dependency map: this is a physical connection opening, not a request.
    return TraceGuardDataSource.wrap(new OneConnection(physical), NAME, false).getConnection();
  }

  @Override
  public boolean acceptsURL(@Nullable String url) throws SQLException {
    return target(url) != null;
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(@Nullable String url, @Nullable Properties info)
      throws SQLException {
    Driver driver = target(url);
    return driver == null ? new DriverPropertyInfo[0] : driver.getPropertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("TraceGuardDriver has no logger of its own");
  }

  /** The driver of class {@code className}, one instance per class, as Agroal would make it. */
  private static Driver named(String className) throws SQLException {
    Driver driver = TARGETS.get(className);
    if (driver != null) {
      return driver;
    }
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type =
          Class.forName(
              className, true, loader == null ? TraceGuardDriver.class.getClassLoader() : loader);
      driver = (Driver) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new SQLException("TraceGuardDriver cannot load the driver " + className, e);
    }
    Driver raced = TARGETS.putIfAbsent(className, driver);
    return raced == null ? driver : raced;
  }

  private static @Nullable Driver target(@Nullable String url) throws SQLException {
    if (url == null) {
      return null;
    }
    Enumeration<Driver> drivers = DriverManager.getDrivers();
    while (drivers.hasMoreElements()) {
      Driver candidate = drivers.nextElement();
      if (!(candidate instanceof TraceGuardDriver) && candidate.acceptsURL(url)) {
        return candidate;
      }
    }
    return null;
  }

  /** Hands one already open connection to the guard, which only needs a {@code DataSource}. */
  private static final class OneConnection implements DataSource {
    private final Connection connection;

    OneConnection(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Connection getConnection() {
      return connection;
    }

    @Override
    public Connection getConnection(String username, String password) {
      return connection;
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("Not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
