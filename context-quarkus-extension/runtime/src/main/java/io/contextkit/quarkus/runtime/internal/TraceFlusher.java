package io.contextkit.quarkus.runtime.internal;

/**
 * Flushes the pending ORM changes of the current transaction, so that a TRACE transaction's SQL
 * runs (and its constraint violations surface) before it is rolled back instead of committed.
 */
public interface TraceFlusher {

  /**
   * Flushes every persistence context joined to the current transaction; a flush failure is thrown,
   * as it would be at commit.
   */
  void flushTransaction();
}
