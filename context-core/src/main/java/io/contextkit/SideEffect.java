package io.contextkit;

import java.util.Objects;

/**
 * A durable side effect that a TRACE guard suppressed (or, for {@link Kind#VIOLATION}, one that
 * reached a backstop it should never have reached; for {@link Kind#READ_ONLY_TRANSACTION}, a
 * transaction that had nothing to suppress), as reported into a request's {@link
 * SideEffectRecorder}.
 *
 * @param kind what sort of effect
 * @param target where it would have gone: a table or entity name, a host, a topic or queue
 * @param summary a short human-readable description, e.g. {@code INSERT orders} or {@code POST
 *     /charges}
 */
public record SideEffect(Kind kind, String target, String summary) {

  /** What sort of side effect was suppressed. */
  public enum Kind {
    /**
     * A database transaction that was rolled back instead of committed, and that wrote or may have
     * written.
     */
    TRANSACTION,
    /**
     * A transaction that wrote nothing — declared read-only, or no write statement reached the JDBC
     * guard — and ended with a rollback: counted apart from {@link #TRANSACTION}, so that a request
     * that only read does not look as if writes had been undone.
     */
    READ_ONLY_TRANSACTION,
    /** A write statement that ran inside a rolled-back transaction. */
    STATEMENT,
    /** An entity insert, update or delete that an ORM would have persisted. */
    ENTITY,
    /** An outbound HTTP call that was not sent (third party) or was sent as TRACE (internal). */
    HTTP_CALL,
    /**
     * A message that was captured instead of published, or published as TRACE to an internal
     * consumer.
     */
    MESSAGE,
    /** A mail that was captured instead of sent. */
    MAIL,
    /**
     * A cache put or eviction that stayed within the request instead of reaching a shared cache.
     */
    CACHE,
    /** An HTTP session that was not created, changed or persisted for the request. */
    SESSION,
    /** A write that reached a backstop (e.g. a raw JDBC commit) and was neutralised there. */
    VIOLATION
  }

  /**
   * Validates the components; values longer than 512 characters are cut, since they end up in
   * headers.
   */
  public SideEffect {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(summary, "summary");
    target = shorten(target);
    summary = shorten(summary);
  }

  private static String shorten(String value) {
    return value.length() <= 512 ? value : value.substring(0, 511) + "…";
  }
}
