package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/** Classifies {@code WebClient} beans for the inventory. Loaded only with WebFlux. */
final class WebClientChecks {

  private static final String GUARD = "per-destination TRACE guard (exchange filter)";

  private WebClientChecks() {}

  static EffectChannel classify(
      String name, @Nullable Object bean, Class<?> type, boolean guardInstalled) {
    if (bean == null) {
      return guardInstalled
          ? EffectChannel.guarded(Kind.HTTP_CLIENT, name, GUARD + " when created")
          : EffectChannel.unguarded(
              Kind.HTTP_CLIENT, name, "the TRACE HTTP guard is not installed");
    }
    boolean[] found = {false};
    if (bean instanceof WebClient.Builder builder) {
      builder.filters(filters -> found[0] = hasGuard(filters));
    } else if (bean instanceof WebClient client) {
      client.mutate().filters(filters -> found[0] = hasGuard(filters));
    }
    return found[0]
        ? EffectChannel.guarded(Kind.HTTP_CLIENT, name, GUARD)
        : EffectChannel.unguarded(Kind.HTTP_CLIENT, name, "has no TRACE exchange filter");
  }

  private static boolean hasGuard(List<ExchangeFilterFunction> filters) {
    for (ExchangeFilterFunction filter : filters) {
      if (filter instanceof TraceExchangeFilterFunction) {
        return true;
      }
    }
    return false;
  }
}
