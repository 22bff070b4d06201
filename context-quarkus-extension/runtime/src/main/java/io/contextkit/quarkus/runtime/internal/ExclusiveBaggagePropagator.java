package io.contextkit.quarkus.runtime.internal;

import io.contextkit.w3c.W3CHeaders;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One of the tracer's {@link TextMapPropagator}s with OpenTelemetry {@link Baggage} taken out of
 * its hands, so that ContextKit, which applies the trust policy, alone reads and writes baggage.
 * Trace context, and every other header the delegate handles, propagates as before.
 *
 * <ul>
 *   <li>{@link #extract}: baggage the delegate took from the carrier (W3C {@code baggage}, or the
 *       baggage headers of B3, Jaeger or OT) is dropped and the context keeps the baggage it had;
 *       otherwise the tracer would hold an untrusted caller's entries in the request's
 *       OpenTelemetry context and send them on with every outbound call.
 *   <li>{@link #inject}: the delegate sees the context without baggage, so nothing goes out beside
 *       the header ContextKit writes per destination.
 *   <li>{@link #fields}: the delegate's fields without {@code baggage}, so a carrier that clears
 *       the propagator's fields before injecting leaves ContextKit's header alone.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class ExclusiveBaggagePropagator implements TextMapPropagator {

  private final TextMapPropagator delegate;
  private final List<String> fields;

  private ExclusiveBaggagePropagator(TextMapPropagator delegate) {
    this.delegate = delegate;
    List<String> kept = new ArrayList<>();
    for (String field : delegate.fields()) {
      if (!W3CHeaders.BAGGAGE.equals(field.toLowerCase(Locale.ROOT))) {
        kept.add(field);
      }
    }
    this.fields = List.copyOf(kept);
  }

  /** {@code propagator} kept off baggage; {@code propagator} itself when it already is. */
  public static TextMapPropagator wrap(TextMapPropagator propagator) {
    return propagator instanceof ExclusiveBaggagePropagator
        ? propagator
        : new ExclusiveBaggagePropagator(propagator);
  }

  @Override
  public Collection<String> fields() {
    return fields;
  }

  @Override
  public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
    Baggage baggage = Baggage.fromContextOrNull(context);
    delegate.inject(
        baggage == null || baggage.isEmpty() ? context : context.with(Baggage.empty()),
        carrier,
        setter);
  }

  @Override
  public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
    Context extracted = delegate.extract(context, carrier, getter);
    Baggage before = Baggage.fromContextOrNull(context);
    if (Baggage.fromContextOrNull(extracted) == before) {
      return extracted;
    }
    return extracted.with(before == null ? Baggage.empty() : before);
  }

  @Override
  public String toString() {
    return "ExclusiveBaggagePropagator{" + delegate + "}";
  }
}
