package io.contextkit.internal;

import io.contextkit.w3c.W3CHeaders;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A tracer's {@link TextMapPropagator} kept off baggage, so that ContextKit, which applies the
 * trust policy to it, is the only reader and writer of the {@code baggage} header. Trace context
 * (and any other header the delegate handles) propagates exactly as before.
 *
 * <ul>
 *   <li>{@link #extract}: whatever OpenTelemetry {@link Baggage} the delegate took from the carrier
 *       (W3C {@code baggage}, Micrometer's remote fields) is dropped; the context keeps the baggage
 *       it had. An untrusted caller's entries thus never reach the tracer's context, from where its
 *       propagator would send them on to every destination.
 *   <li>{@link #inject}: the delegate injects the context without its baggage, so no baggage goes
 *       out beside ContextKit's own, which the client integrations write per destination.
 *   <li>{@link #fields}: the delegate's fields but {@code baggage}, so that a carrier that clears
 *       the propagator's fields before injecting does not remove ContextKit's header.
 * </ul>
 *
 * <p>Used by the Spring starter (around the tracer's {@code ContextPropagators} bean) and the
 * Quarkus extension (around each propagator quarkus-opentelemetry configures).
 *
 * <p>Thread-safe and immutable. This class is internal and is hence not for public use. Its APIs
 * are unstable and can change at any time.
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

  /** {@code propagator} kept off baggage; itself when it already is. */
  public static TextMapPropagator wrap(TextMapPropagator propagator) {
    return propagator instanceof ExclusiveBaggagePropagator
        ? propagator
        : new ExclusiveBaggagePropagator(propagator);
  }

  /**
   * {@code propagators} whose text-map propagator is kept off baggage; itself when it already is.
   */
  public static ContextPropagators wrap(ContextPropagators propagators) {
    TextMapPropagator textMap = propagators.getTextMapPropagator();
    return textMap instanceof ExclusiveBaggagePropagator
        ? propagators
        : ContextPropagators.create(new ExclusiveBaggagePropagator(textMap));
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
