package io.contextkit.quarkus.runtime.internal;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.function.Function;

/**
 * Where a guarded query runs its statement: a guarded pool (on the pool, or for TRACE on a
 * connection of its own in a transaction that is rolled back) or a guarded connection.
 */
interface SqlRunner {

  /**
   * Runs one statement under the guard's TRACE rules.
   *
   * @param sql the statement's SQL text, classified for TRACE
   * @param batchSize how many executions the call makes (1, or the batch size)
   * @param call executes the statement on the client it is given
   */
  <R> Future<R> run(String sql, int batchSize, Function<SqlClient, Future<R>> call);
}
