package io.contextkit.noop;

import io.contextkit.ContextPropagator;
import io.contextkit.config.ContextKitFactory;
import io.contextkit.config.ContextKitSettings;
import io.contextkit.config.InvalidSettingException;
import io.contextkit.config.SettingKeys;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.MessagingDestinations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds the TRACE guards from {@link ContextKitSettings}, the same way on every stack; the
 * counterpart of {@link ContextKitFactory} for what needs noop-storage's types. Every invalid value
 * fails with an {@link InvalidSettingException} naming the full key.
 *
 * <p>Synthetic responses are matched most specific first: the longest host pattern is tried first,
 * patterns of equal length alphabetically. Configuration maps have no reliable order (a YAML
 * document, environment variables and SmallRye Config each order entries differently), so a
 * declaration order would make the response a third party receives depend on how the application
 * was configured; the longest pattern is the narrower one ({@code api.stripe.com} before {@code
 * *.stripe.com}), which is what an operator listing both means.
 */
public final class TraceGuardFactory {

  /** Longest pattern first, then alphabetical: an order that does not depend on the map's. */
  static final Comparator<String> MOST_SPECIFIC_FIRST =
      Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder());

  private TraceGuardFactory() {}

  /** The outbound HTTP guard of {@code trace.safe-hosts} and {@code trace.synthetic-responses}. */
  public static OutboundTraceGuard outbound(
      ContextPropagator propagator, ContextKitSettings settings, SettingKeys keys) {
    OutboundTraceGuard.Builder builder = OutboundTraceGuard.builder(propagator);
    List<String> stripped = new ArrayList<>();
    ContextKitFactory.eachElement(
        settings.trace().safeHosts(),
        "trace.safe-hosts",
        keys,
        host -> {
          InternalHosts.of(host);
          stripped.add(host);
        });
    builder.safeThirdParties(stripped.toArray(new String[0]));
    Map<String, ContextKitSettings.Synthetic> synthetic = settings.trace().syntheticResponses();
    List<String> patterns = new ArrayList<>(synthetic.keySet());
    patterns.sort(MOST_SPECIFIC_FIRST);
    for (String pattern : patterns) {
      String key = keys.entry("trace.synthetic-responses", pattern);
      ContextKitSettings.Synthetic s = synthetic.get(pattern);
      SyntheticResponse response;
      try {
        response =
            SyntheticResponse.of(
                s.status(), s.contentType(), s.body().getBytes(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(key + ".status", s.status(), e.getMessage());
      }
      try {
        builder.syntheticResponse(pattern, response);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(key, pattern, e.getMessage());
      }
    }
    return builder.build();
  }

  /**
   * The messaging guard: its internal destinations are exactly {@code messaging.internal-
   * destinations} (the destinations that get the full context of STANDARD messages are those a
   * TRACE request may publish to as TRACE), except {@code trace.captured-destinations}, whose TRACE
   * messages are always captured. Blank patterns are ignored.
   */
  public static MessageTraceGuard messages(ContextKitSettings settings, SettingKeys keys) {
    return messages(ContextKitFactory.messagingDestinations(settings, keys), settings, keys);
  }

  /**
   * The messaging guard for the given internal destinations (an application's own {@link
   * MessagingDestinations}), with {@code trace.captured-destinations} always captured.
   */
  public static MessageTraceGuard messages(
      MessagingDestinations internal, ContextKitSettings settings, SettingKeys keys) {
    MessageTraceGuard guard =
        internal.patterns().isEmpty()
            ? MessageTraceGuard.captureAll()
            : MessageTraceGuard.withInternalDestinations(internal);
    MessagingDestinations captured =
        ContextKitFactory.destinations(
            settings.trace().capturedDestinations(), "trace.captured-destinations", keys);
    return captured.patterns().isEmpty()
        ? guard
        : guard.alsoCapturing(captured.patterns().toArray(new String[0]));
  }
}
