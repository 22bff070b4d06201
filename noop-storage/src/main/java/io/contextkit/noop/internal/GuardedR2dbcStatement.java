package io.contextkit.noop.internal;

import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * A statement whose executions follow the TRACE protocol of its {@link GuardedR2dbcConnection}. Its
 * SQL is classified once, lazily, at the first execution under TRACE, so STANDARD executions never
 * pay for it.
 */
final class GuardedR2dbcStatement implements Statement, Wrapped<Statement> {

  private final GuardedR2dbcConnection owner;
  private final Statement statement;
  private final String sql;
  private SqlStatements.@Nullable Classified classified;
  private int added;
  private boolean boundSinceAdd;

  GuardedR2dbcStatement(GuardedR2dbcConnection owner, Statement statement, String sql) {
    this.owner = owner;
    this.statement = statement;
    this.sql = sql;
  }

  private SqlStatements.Classified classified() {
    SqlStatements.Classified c = classified;
    if (c == null) {
      c = SqlStatements.classify(sql);
      classified = c;
    }
    return c;
  }

  /** How many bindings run: each {@code add()} saved one, plus the one bound since. */
  private int bindings() {
    return added == 0 ? 1 : added + (boundSinceAdd ? 1 : 0);
  }

  @Override
  public Statement add() {
    statement.add();
    added++;
    boundSinceAdd = false;
    return this;
  }

  @Override
  public Statement bind(int index, Object value) {
    statement.bind(index, value);
    boundSinceAdd = true;
    return this;
  }

  @Override
  public Statement bind(String name, Object value) {
    statement.bind(name, value);
    boundSinceAdd = true;
    return this;
  }

  @Override
  public Statement bindNull(int index, Class<?> type) {
    statement.bindNull(index, type);
    boundSinceAdd = true;
    return this;
  }

  @Override
  public Statement bindNull(String name, Class<?> type) {
    statement.bindNull(name, type);
    boundSinceAdd = true;
    return this;
  }

  @Override
  public Statement returnGeneratedValues(String... columns) {
    statement.returnGeneratedValues(columns);
    return this;
  }

  @Override
  public Statement fetchSize(int rows) {
    statement.fetchSize(rows);
    return this;
  }

  @Override
  public Publisher<? extends Result> execute() {
    return owner.execute(this::classified, this::bindings, statement::execute);
  }

  /** The driver's statement: an explicit escape hatch that is not guarded. */
  @Override
  public Statement unwrap() {
    return statement;
  }

  @Override
  public String toString() {
    return "GuardedR2dbcStatement{" + statement + "}";
  }
}
