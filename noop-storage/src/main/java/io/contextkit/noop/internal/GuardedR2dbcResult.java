package io.contextkit.noop.internal;

import io.contextkit.RequestContext;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Wrapped;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;

/**
 * The result of a TRACE statement: its rows, counts and segments are delivered with the TRACE
 * context current ({@link CurrentDuringSignals}), so what the application runs on them
 * synchronously belongs to the TRACE request.
 */
final class GuardedR2dbcResult implements Result, Wrapped<Result> {

  private final Result result;
  private final RequestContext context;

  GuardedR2dbcResult(Result result, RequestContext context) {
    this.result = result;
    this.context = context;
  }

  @Override
  public Publisher<Long> getRowsUpdated() {
    return CurrentDuringSignals.apply(result.getRowsUpdated(), context);
  }

  @Override
  public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
    return CurrentDuringSignals.apply(result.<T>map(mapping), context);
  }

  @Override
  public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
    return CurrentDuringSignals.apply(result.<T>map(mapping), context);
  }

  @Override
  public Result filter(Predicate<Segment> filter) {
    return new GuardedR2dbcResult(result.filter(filter), context);
  }

  @Override
  public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
    return CurrentDuringSignals.apply(result.<T>flatMap(mapping), context);
  }

  /** The driver's result. */
  @Override
  public Result unwrap() {
    return result;
  }
}
