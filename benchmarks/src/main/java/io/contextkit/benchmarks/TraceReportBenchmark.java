package io.contextkit.benchmarks;

import io.contextkit.SideEffect;
import io.contextkit.internal.RequestJournal;
import io.contextkit.noop.TraceReport;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The report at the end of a TRACE request, in the parts the Spring starter and the Quarkus
 * extension share ({@code noop-storage}'s {@link TraceReport} over the request's journal). What a
 * TRACE request costs beyond its STANDARD twin when nothing was suppressed (the HTTP benchmark's
 * {@code contextkit-trace} variant: {@code POST /quotes} has no effect to suppress) is these steps
 * times how often each stack takes them per request, plus the headers and the report line; see
 * {@code benchmarks-http/RESULTS.md}, "What a TRACE request costs over its STANDARD twin".
 *
 * <ul>
 *   <li>{@code quiet_*}: a journal that recorded nothing.
 *       <ul>
 *         <li>{@code quiet_report}: {@code TraceReport.from(journal.report())}: once per request on
 *             Spring, twice on Quarkus (the response filter's violation check, then the headers).
 *         <li>{@code quiet_headerValue}: the {@code Trace-Report} header's value.
 *         <li>{@code quiet_attributes}: the complete report as attributes (the report line's
 *             key-value pairs, the span's attributes).
 *       </ul>
 *   <li>{@code effects_*}: the same for a journal holding one rolled-back transaction and two
 *       statements, a TRACE request that did suppress writes: the comparison, whose report line is
 *       written at INFO either way.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TraceReportBenchmark {

  /** A journal per kind of request, and its report already built. */
  @State(Scope.Benchmark)
  public static class Journals {
    final RequestJournal quiet = RequestJournal.create();
    final RequestJournal effects = RequestJournal.create();
    TraceReport quietReport;
    TraceReport effectsReport;

    @Setup
    public void setUp() {
      effects.record(
          new SideEffect(
              SideEffect.Kind.TRANSACTION, "dataSource", "flushed, rolled back instead of commit"));
      effects.record(new SideEffect(SideEffect.Kind.STATEMENT, "dataSource", "insert into quote"));
      effects.record(new SideEffect(SideEffect.Kind.STATEMENT, "dataSource", "update account"));
      quietReport = TraceReport.from(quiet.report());
      effectsReport = TraceReport.from(effects.report());
      if (!quietReport.headerValue().startsWith("committed=false; transactions=0;")
          || !effectsReport.headerValue().contains("statements=2")) {
        throw new IllegalStateException("unexpected reports: " + quietReport + effectsReport);
      }
    }
  }

  @Benchmark
  public TraceReport quiet_report(Journals j) {
    return TraceReport.from(j.quiet.report());
  }

  @Benchmark
  public String quiet_headerValue(Journals j) {
    return j.quietReport.headerValue();
  }

  @Benchmark
  public Map<String, Object> quiet_attributes(Journals j) {
    return j.quietReport.attributes();
  }

  @Benchmark
  public TraceReport effects_report(Journals j) {
    return TraceReport.from(j.effects.report());
  }

  @Benchmark
  public String effects_headerValue(Journals j) {
    return j.effectsReport.headerValue();
  }

  @Benchmark
  public Map<String, Object> effects_attributes(Journals j) {
    return j.effectsReport.attributes();
  }
}
