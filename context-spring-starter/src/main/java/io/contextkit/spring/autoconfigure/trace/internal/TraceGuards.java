package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.spring.autoconfigure.messaging.MessagingDestinations;
import io.contextkit.spring.autoconfigure.trace.TraceProperties;
import io.contextkit.trust.InternalHosts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the {@link OutboundTraceGuard} from {@link TraceProperties}; an invalid value fails
 * startup with a message naming the key.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TraceGuards {

  private static final String PREFIX = "contextkit.trace.";

  private TraceGuards() {}

  /** The guard the properties describe, for the hosts of {@code propagator}'s trust policy. */
  public static OutboundTraceGuard outbound(
      ContextPropagator propagator, TraceProperties properties) {
    OutboundTraceGuard.Builder builder = OutboundTraceGuard.builder(propagator);
    List<String> safe = properties.getSafeHosts();
    for (int i = 0; i < safe.size(); i++) {
      try {
        InternalHosts.of(safe.get(i));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            PREFIX + "safe-hosts[" + i + "]", safe.get(i), e.getMessage());
      }
    }
    builder.safeThirdParties(safe.toArray(new String[0]));
    for (Map.Entry<String, TraceProperties.Synthetic> e :
        properties.getSyntheticResponses().entrySet()) {
      String key = PREFIX + "synthetic-responses[" + e.getKey() + "]";
      TraceProperties.Synthetic s = e.getValue();
      SyntheticResponse response;
      try {
        response =
            SyntheticResponse.of(
                s.getStatus(), s.getContentType(), s.getBody().getBytes(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigurationPropertyValueException(
            key + ".status", s.getStatus(), ex.getMessage());
      }
      try {
        builder.syntheticResponse(e.getKey(), response);
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigurationPropertyValueException(key, e.getKey(), ex.getMessage());
      }
    }
    return builder.build();
  }

  /**
   * The messaging guard whose internal destinations are exactly those of {@code destinations}, so
   * that a topic which gets the full context in STANDARD requests is the one a TRACE request may
   * publish to (as TRACE) — except the {@code captured} patterns, whose TRACE messages are always
   * captured. Blank patterns, which {@link MessagingDestinations} ignores, are skipped.
   */
  public static MessageTraceGuard messages(
      MessagingDestinations destinations, List<String> captured) {
    List<String> patterns = nonBlank(destinations.patterns());
    MessageTraceGuard guard =
        patterns.isEmpty()
            ? MessageTraceGuard.captureAll()
            : MessageTraceGuard.withInternalDestinations(patterns.toArray(new String[0]));
    List<String> alwaysCaptured = nonBlank(captured);
    return alwaysCaptured.isEmpty()
        ? guard
        : guard.alsoCapturing(alwaysCaptured.toArray(new String[0]));
  }

  private static List<String> nonBlank(List<String> patterns) {
    List<String> result = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      if (!pattern.isBlank()) {
        result.add(pattern);
      }
    }
    return result;
  }
}
