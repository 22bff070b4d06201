package io.contextkit.noop;

import io.contextkit.SideEffect;
import io.contextkit.SideEffectReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The suppression report of one TRACE request, built from its {@link SideEffectReport}: what the
 * response carries in a header, and what one structured log event or span carries in full.
 *
 * <pre>{@code
 * TraceReport report = TraceReport.from(RequestContext.current().sideEffects().report());
 * if (report.requiresServerError()) {
 *   status = 500; // committed: unknown is never a success
 * }
 * response.setHeader(TraceReport.TRACE_APPLIED_HEADER, TraceReport.TRACE_APPLIED_VALUE);
 * response.setHeader(TraceReport.CACHE_CONTROL_HEADER, TraceReport.CACHE_CONTROL_VALUE);
 * response.setHeader(TraceReport.SUMMARY_HEADER, report.headerValue());
 * log.info("trace report {}", report.attributes());
 * }</pre>
 *
 * <p>The outcome is {@link Committed#UNKNOWN} when a guard reported a {@linkplain
 * #rollbackFailed(String, String) failed rollback}, or when the recorder overflowed and dropped a
 * violation it can no longer show (fail closed: a dropped entry might have been a failed rollback);
 * otherwise {@link Committed#FALSE}. Immutable and thread-safe.
 *
 * @param committed whether anything may have been committed
 * @param counts how many effects of each kind were reported (exact even past the recorder's
 *     capacity)
 * @param effects the effects the recorder kept, in report order
 * @param dropped how many effects were counted but not kept
 */
public record TraceReport(
    Committed committed,
    Map<SideEffect.Kind, Long> counts,
    List<SideEffect> effects,
    long dropped) {

  /** Response header proving the TRACE mode was honoured; internal callees must send it back. */
  public static final String TRACE_APPLIED_HEADER = "Trace-Applied";

  /** The value of {@link #TRACE_APPLIED_HEADER}. */
  public static final String TRACE_APPLIED_VALUE = "request_type=TRACE";

  /** TRACE responses must never be cached by a proxy or CDN. */
  public static final String CACHE_CONTROL_HEADER = "Cache-Control";

  /** The value of {@link #CACHE_CONTROL_HEADER} on TRACE responses. */
  public static final String CACHE_CONTROL_VALUE = "no-store";

  /** Response header carrying {@link #headerValue()}. */
  public static final String SUMMARY_HEADER = "Trace-Report";

  /**
   * Report attribute naming the messaging system a TRACE message was consumed from: {@code kafka},
   * {@code jms}, {@code rabbitmq} (AMQP 0-9-1) or {@code amqp} (AMQP 1.0).
   */
  public static final String CONSUMER_SYSTEM = "trace.consumer.system";

  /** Report attribute naming the topic, queue or address a TRACE message was consumed from. */
  public static final String CONSUMER_DESTINATION = "trace.consumer.destination";

  /**
   * Report attribute naming what consumed a TRACE message, when known: the listener id, the Kafka
   * consumer group or the incoming channel.
   */
  public static final String CONSUMER_LISTENER = "trace.consumer.listener";

  /** Summary prefix that marks a {@linkplain #rollbackFailed failed rollback}. */
  public static final String ROLLBACK_FAILED = "rollback failed; committed unknown";

  /** Whether the work of a TRACE request may have been committed. */
  public enum Committed {
    /** Every transaction was rolled back (or none ran). */
    FALSE,
    /** A rollback failed, or the report lost a violation: the request must not look successful. */
    UNKNOWN;

    /** The lowercase wire value: {@code false} or {@code unknown}. */
    public String wireValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The report of a request that recorded nothing, shared: most TRACE requests of an endpoint with
   * nothing to suppress end with it, and building it, its header value and its attributes anew for
   * each would cost them about 2 KB.
   */
  private static final TraceReport NOTHING =
      new TraceReport(Committed.FALSE, Map.of(), List.of(), 0);

  private static final String NOTHING_HEADER_VALUE = NOTHING.buildHeaderValue();

  private static final Map<String, Object> NOTHING_ATTRIBUTES = NOTHING.buildAttributes();

  /** Copies the components. */
  public TraceReport {
    Objects.requireNonNull(committed, "committed");
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    effects = List.copyOf(effects);
  }

  /**
   * The effect a guard reports when a rollback it relied on failed: the request's outcome becomes
   * {@link Committed#UNKNOWN}.
   *
   * @param target the data source or resource whose rollback failed
   * @param detail why, e.g. the exception message; may be empty
   */
  public static SideEffect rollbackFailed(String target, String detail) {
    return new SideEffect(
        SideEffect.Kind.VIOLATION,
        target,
        detail.isEmpty() ? ROLLBACK_FAILED : ROLLBACK_FAILED + ": " + detail);
  }

  /** Whether {@code effect} reports a failed rollback. */
  public static boolean isRollbackFailure(SideEffect effect) {
    return effect.kind() == SideEffect.Kind.VIOLATION
        && effect.summary().startsWith(ROLLBACK_FAILED);
  }

  /** Builds the report of a request from what its recorder holds. */
  public static TraceReport from(SideEffectReport report) {
    Objects.requireNonNull(report, "report");
    if (report == SideEffectReport.empty()
        || (report.dropped() == 0 && report.effects().isEmpty() && report.isEmpty())) {
      return NOTHING;
    }
    boolean unknown = false;
    long keptViolations = 0;
    for (SideEffect effect : report.effects()) {
      if (effect.kind() == SideEffect.Kind.VIOLATION) {
        keptViolations++;
        if (isRollbackFailure(effect)) {
          unknown = true;
        }
      }
    }
    if (keptViolations < report.count(SideEffect.Kind.VIOLATION)) {
      unknown = true;
    }
    return new TraceReport(
        unknown ? Committed.UNKNOWN : Committed.FALSE,
        report.counts(),
        report.effects(),
        report.dropped());
  }

  /** How many effects of {@code kind} were reported. */
  public long count(SideEffect.Kind kind) {
    Long n = counts.get(kind);
    return n == null ? 0 : n;
  }

  /** Whether any guard reported a violation: the TRACE request must end in an error. */
  public boolean hasViolations() {
    return count(SideEffect.Kind.VIOLATION) > 0;
  }

  /**
   * Whether the request recorded nothing at all: no effect of any kind (not even a read-only
   * transaction), nothing dropped, outcome {@code committed=false}. Such a request suppressed,
   * captured and refused nothing and hit no backstop: its report line is written at DEBUG, every
   * other at INFO.
   */
  public boolean recordedNothing() {
    if (this == NOTHING) {
      return true;
    }
    if (committed != Committed.FALSE || dropped != 0 || !effects.isEmpty()) {
      return false;
    }
    for (Long n : counts.values()) {
      if (n != null && n != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the response must be a 5xx: the outcome is {@link Committed#UNKNOWN}, which is never a
   * success.
   */
  public boolean requiresServerError() {
    return committed == Committed.UNKNOWN;
  }

  /**
   * The compact summary for {@link #SUMMARY_HEADER}, every kind of suppressed effect in a fixed
   * order with violations last (read-only transactions suppressed nothing and are not in it: {@code
   * transactions} counts the transactions that wrote or may have written), e.g. {@code
   * committed=false; transactions=2; statements=5; entities=3; http=1; messages=0; mail=0; cache=0;
   * sessions=0; violations=0}.
   */
  public String headerValue() {
    return this == NOTHING ? NOTHING_HEADER_VALUE : buildHeaderValue();
  }

  private String buildHeaderValue() {
    return "committed="
        + committed.wireValue()
        + "; transactions="
        + count(SideEffect.Kind.TRANSACTION)
        + "; statements="
        + count(SideEffect.Kind.STATEMENT)
        + "; entities="
        + count(SideEffect.Kind.ENTITY)
        + "; http="
        + count(SideEffect.Kind.HTTP_CALL)
        + "; messages="
        + count(SideEffect.Kind.MESSAGE)
        + "; mail="
        + count(SideEffect.Kind.MAIL)
        + "; cache="
        + count(SideEffect.Kind.CACHE)
        + "; sessions="
        + count(SideEffect.Kind.SESSION)
        + "; violations="
        + count(SideEffect.Kind.VIOLATION);
  }

  /**
   * The complete report as flat attributes for one structured log event or span, in a stable order:
   * {@code trace.committed}, one {@code trace.<kind>} count per kind ({@code
   * trace.read_only_transactions} right after {@code trace.transactions}), {@code trace.dropped},
   * and {@code trace.effects} (one {@code KIND target: summary} string per kept effect).
   */
  public Map<String, Object> attributes() {
    return this == NOTHING ? NOTHING_ATTRIBUTES : buildAttributes();
  }

  /**
   * The report of one consumed TRACE message: {@link #attributes()} followed by {@value
   * #CONSUMER_SYSTEM}, {@value #CONSUMER_DESTINATION} and, when {@code listener} is not null,
   * {@value #CONSUMER_LISTENER}.
   */
  public Map<String, Object> consumedAttributes(
      String system, String destination, @Nullable String listener) {
    Map<String, Object> out = new LinkedHashMap<>(attributes());
    out.put(CONSUMER_SYSTEM, Objects.requireNonNull(system, "system"));
    out.put(CONSUMER_DESTINATION, Objects.requireNonNull(destination, "destination"));
    if (listener != null) {
      out.put(CONSUMER_LISTENER, listener);
    }
    return Collections.unmodifiableMap(out);
  }

  private Map<String, Object> buildAttributes() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trace.committed", committed.wireValue());
    out.put("trace.transactions", count(SideEffect.Kind.TRANSACTION));
    out.put("trace.read_only_transactions", count(SideEffect.Kind.READ_ONLY_TRANSACTION));
    out.put("trace.statements", count(SideEffect.Kind.STATEMENT));
    out.put("trace.entities", count(SideEffect.Kind.ENTITY));
    out.put("trace.http_calls", count(SideEffect.Kind.HTTP_CALL));
    out.put("trace.messages", count(SideEffect.Kind.MESSAGE));
    out.put("trace.mail", count(SideEffect.Kind.MAIL));
    out.put("trace.cache", count(SideEffect.Kind.CACHE));
    out.put("trace.sessions", count(SideEffect.Kind.SESSION));
    out.put("trace.violations", count(SideEffect.Kind.VIOLATION));
    out.put("trace.dropped", dropped);
    List<String> lines = new ArrayList<>(effects.size());
    for (SideEffect effect : effects) {
      lines.add(effect.kind() + " " + effect.target() + ": " + effect.summary());
    }
    out.put("trace.effects", List.copyOf(lines));
    return Collections.unmodifiableMap(out);
  }
}
