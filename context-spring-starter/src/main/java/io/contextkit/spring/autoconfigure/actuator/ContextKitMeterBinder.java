package io.contextkit.spring.autoconfigure.actuator;

import io.contextkit.ContextCounters;
import io.contextkit.ContextKit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes every counter of {@link ContextKit#counters()} as a Micrometer {@link FunctionCounter}
 * named {@code contextkit.<metricName>}, e.g. {@code contextkit.baggage.dropped-entries}. The
 * counters are read when a registry polls them; nothing is copied on the request path.
 */
public final class ContextKitMeterBinder implements MeterBinder {

  /** The prefix of every metric name. */
  public static final String PREFIX = "contextkit.";

  @Override
  public void bindTo(MeterRegistry registry) {
    ContextCounters counters = ContextKit.counters();
    for (ContextCounters.Counter counter : ContextCounters.Counter.values()) {
      FunctionCounter.builder(PREFIX + counter.metricName(), counters, c -> c.get(counter))
          .description(description(counter))
          .register(registry);
    }
  }

  private static String description(ContextCounters.Counter counter) {
    return "ContextKit: " + counter.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
