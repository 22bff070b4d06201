package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.trust.InternalHosts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the TRACE guards from {@code quarkus.contextkit.*}; an invalid value fails with an {@link
 * IllegalArgumentException} whose message names the key, so the application does not start.
 */
public final class TraceGuards {

  private static final String ROOT = "quarkus.contextkit.";

  private TraceGuards() {}

  /** The outbound HTTP guard of {@code quarkus.contextkit.trace.*}. */
  public static OutboundTraceGuard outbound(
      ContextPropagator propagator, ContextKitRuntimeConfig.Trace config) {
    OutboundTraceGuard.Builder builder = OutboundTraceGuard.builder(propagator);
    List<String> safe = config.safeHosts().orElse(List.of());
    for (int i = 0; i < safe.size(); i++) {
      try {
        InternalHosts.of(safe.get(i));
      } catch (IllegalArgumentException e) {
        throw invalid("trace.safe-hosts[" + i + "]", e);
      }
    }
    builder.safeThirdParties(safe.toArray(new String[0]));
    // Config maps have no declaration order: the most specific (longest) pattern is tried first,
    // ties alphabetically, so the choice never depends on how the map was read.
    List<Map.Entry<String, ContextKitRuntimeConfig.Synthetic>> entries =
        new ArrayList<>(config.syntheticResponses().entrySet());
    entries.sort(
        (a, b) ->
            a.getKey().length() != b.getKey().length()
                ? Integer.compare(b.getKey().length(), a.getKey().length())
                : a.getKey().compareTo(b.getKey()));
    for (Map.Entry<String, ContextKitRuntimeConfig.Synthetic> e : entries) {
      String key = "trace.synthetic-responses.\"" + e.getKey() + "\"";
      ContextKitRuntimeConfig.Synthetic s = e.getValue();
      SyntheticResponse response;
      try {
        response =
            SyntheticResponse.of(
                s.status(), s.contentType(), s.body().orElse("").getBytes(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException ex) {
        throw invalid(key + ".status", ex);
      }
      try {
        builder.syntheticResponse(e.getKey(), response);
      } catch (IllegalArgumentException ex) {
        throw invalid(key, ex);
      }
    }
    return builder.build();
  }

  /** The messaging guard of {@code quarkus.contextkit.messaging.internal-destinations}. */
  public static MessageTraceGuard messages(Optional<List<String>> internalDestinations) {
    List<String> patterns = new ArrayList<>();
    for (String pattern : internalDestinations.orElse(List.of())) {
      if (!pattern.isBlank()) {
        patterns.add(pattern.strip());
      }
    }
    if (patterns.isEmpty()) {
      return MessageTraceGuard.captureAll();
    }
    try {
      return MessageTraceGuard.withInternalDestinations(patterns.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw invalid("messaging.internal-destinations", e);
    }
  }

  private static IllegalArgumentException invalid(String key, Exception cause) {
    return new IllegalArgumentException("Invalid " + ROOT + key + ": " + cause.getMessage(), cause);
  }
}
