package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextCounters;
import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.flags.ContextKitFlagProvider;
import io.contextkit.flags.FlagDefinition;
import io.contextkit.flags.FlagProblem;
import io.contextkit.flags.FlagType;
import io.contextkit.flags.ReloadError;
import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.noop.TracePolicy;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.w3c.BaggageLimits;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-RPC backend of ContextKit's Dev UI card: live values read when the page asks, never
 * cached. Registered only in dev mode (the deployment's Dev UI build steps); production
 * applications never contain it as a bean.
 *
 * <p>Nothing here exposes a secret: the trust boundary lists signing key ids, never key material,
 * and the counters are plain numbers.
 */
public final class ContextKitDevUiService {

  private final Instance<ContextPropagator> propagators;
  private final Instance<ContextKitFlagProvider> flagProviders;
  private final Instance<ContextKitRuntimeConfig> configs;
  private final Instance<EffectChannels> effectChannels;

  @Inject
  ContextKitDevUiService(
      Instance<ContextPropagator> propagators,
      Instance<ContextKitFlagProvider> flagProviders,
      Instance<ContextKitRuntimeConfig> configs,
      Instance<EffectChannels> effectChannels) {
    this.propagators = propagators;
    this.flagProviders = flagProviders;
    this.configs = configs;
    this.effectChannels = effectChannels;
  }

  /**
   * The effect channels of the running application, by kind then name: each {@code GUARDED}, {@code
   * SAFE} or {@code UNGUARDED}, why, and the key that declares it safe; first a row with the policy
   * in effect.
   */
  public List<ChannelRow> getEffectChannels() {
    List<ChannelRow> rows = new ArrayList<>();
    if (!effectChannels.isResolvable()) {
      return rows;
    }
    TracePolicy policy = effectChannels.get().policy();
    EffectChannelInventory inventory = policy.inventory();
    rows.add(
        new ChannelRow(
            "policy",
            "trace.unguarded-channels",
            policy.onUnguarded().name().toLowerCase(Locale.ROOT),
            policy.enabled() ? "TRACE on" : "TRACE off (trace.enabled=false)",
            EffectChannelInventory.Keys.quarkus().policy()));
    if (inventory != null) {
      for (EffectChannel channel : inventory.channels()) {
        rows.add(
            new ChannelRow(
                channel.kind().id(),
                channel.name(),
                channel.status().name(),
                channel.detail(),
                inventory.keys().safeChannel(channel.kind(), channel.name())));
      }
    }
    return rows;
  }

  /** The label of the effect-channels page: the counts per status. */
  public String getEffectChannelsLabel() {
    if (!effectChannels.isResolvable()) {
      return "";
    }
    EffectChannelInventory inventory = effectChannels.get().policy().inventory();
    return inventory == null ? "not built" : inventory.summary();
  }

  /**
   * The runtime dependency map, read when the page opens or on Refresh: one row per edge, built
   * from the same report {@code /q/contextkit/dependencies} serves ({@link
   * io.contextkit.dependencies.DependencyMap#report}), in its order (kind, target, direction).
   */
  @SuppressWarnings("unchecked")
  public List<DependencyRow> getDependencies() {
    Map<String, @Nullable Object> report = ContextKit.dependencies().report("dev", null);
    List<Map<String, @Nullable Object>> edges =
        (List<Map<String, @Nullable Object>>) report.get("edges");
    List<DependencyRow> rows = new ArrayList<>(edges.size());
    for (Map<String, @Nullable Object> edge : edges) {
      rows.add(
          new DependencyRow(
              (String) edge.get("name"),
              (String) edge.get("kind"),
              (String) edge.get("direction"),
              (Long) edge.get("calls"),
              (Long) edge.get("errors"),
              (Long) edge.get("traceCalls"),
              (Long) edge.get("syntheticCalls"),
              (Double) edge.get("latencyP50Millis"),
              (Double) edge.get("latencyP99Millis"),
              (String) edge.get("firstSeen"),
              (String) edge.get("lastSeen")));
    }
    return rows;
  }

  /** The dependencies page's link label: how many edges, and the overflow when the cap was hit. */
  public String getDependenciesLabel() {
    int edges = ContextKit.dependencies().size();
    long overflow = ContextKit.dependencies().overflowCalls();
    String label = edges + (edges == 1 ? " edge" : " edges");
    return overflow == 0 ? label : label + ", " + overflow + " calls over the cap";
  }

  /**
   * Every ContextKit counter with its current value ({@link ContextKit#counters()}): dropped and
   * refused input, then the TRACE requests served, failed and refused by reason — the names the
   * Spring actuator endpoint and Micrometer meters use too.
   */
  public List<CounterRow> getCounters() {
    ContextCounters counters = ContextKit.counters();
    List<CounterRow> rows = new ArrayList<>(Counter.values().length);
    for (Counter counter : Counter.values()) {
      rows.add(new CounterRow(counter.metricName(), counters.get(counter), meaning(counter)));
    }
    return rows;
  }

  /**
   * The sum of the counters of input ContextKit dropped or refused (baggage entries, invalid fields
   * and headers, malformed request types, untrusted identity fields, bad signatures): the card's
   * link label.
   */
  public long getDroppedTotal() {
    ContextCounters counters = ContextKit.counters();
    return counters.get(Counter.BAGGAGE_DROPPED_ENTRIES)
        + counters.get(Counter.BAGGAGE_INVALID_ENTRIES)
        + counters.get(Counter.FIELD_INVALID)
        + counters.get(Counter.REQUEST_ID_INVALID)
        + counters.get(Counter.REQUEST_TYPE_MALFORMED)
        + counters.get(Counter.TRACEPARENT_INVALID)
        + counters.get(Counter.TRACESTATE_DROPPED)
        + counters.get(Counter.TRACESTATE_DUPLICATES_DROPPED)
        + counters.get(Counter.UNTRUSTED_FIELDS_DROPPED)
        + counters.get(Counter.SIGNATURE_INVALID);
  }

  /**
   * The trust boundary the running propagator enforces — the application's own {@code
   * ContextPropagator} bean when it replaced ContextKit's — with signing key ids but never keys.
   */
  public List<SettingRow> getTrustBoundary() {
    List<SettingRow> rows = new ArrayList<>();
    if (!propagators.isResolvable()) {
      rows.add(new SettingRow("propagator", "none: ContextKit is not wired"));
      return rows;
    }
    ContextPropagator propagator = propagators.get();
    TrustPolicy policy = propagator.trustPolicy();
    rows.add(new SettingRow("trust.trusted-peers", list(policy.trustedPeers().addresses())));
    rows.add(
        new SettingRow(
            "trust.trusted-peer-names", list(new TreeSet<>(policy.trustedPeers().names()))));
    rows.add(new SettingRow("trust.trusted-peer-scope", kebab(policy.trustedPeerScope())));
    rows.add(new SettingRow("trust.internal-hosts", list(policy.internalHosts().patterns())));
    rows.add(new SettingRow("trust.untrusted-trace-id-mode", kebab(policy.untrustedTraceIdMode())));
    rows.add(new SettingRow("trust.third-party-policy", kebab(policy.thirdPartyPolicy())));
    Optional<ContextSignature> signature = policy.signature();
    if (signature.isPresent()) {
      SigningKeys keys = signature.get().keys();
      rows.add(new SettingRow("trust.signing.active-key-id", keys.activeKeyId()));
      rows.add(new SettingRow("trust.signing.key-ids", list(new TreeSet<>(keys.keyIds()))));
      rows.add(new SettingRow("trust.signing.ttl", signature.get().ttl().toString()));
      rows.add(
          new SettingRow("trust.signing.messaging-ttl", signature.get().messageTtl().toString()));
      rows.add(new SettingRow("trust.signing.clock-skew", signature.get().clockSkew().toString()));
    } else {
      rows.add(new SettingRow("trust.signing", "off: no signing keys"));
    }
    BaggageLimits limits = propagator.baggageLimits();
    rows.add(new SettingRow("baggage.max-members", Integer.toString(limits.maxMembers())));
    rows.add(new SettingRow("baggage.max-bytes", Integer.toString(limits.maxBytes())));
    rows.add(new SettingRow("baggage.max-value-bytes", Integer.toString(limits.maxValueBytes())));
    if (configs.isResolvable()) {
      rows.add(new SettingRow("trace.enabled", Boolean.toString(configs.get().trace().enabled())));
    }
    return rows;
  }

  /**
   * The flag definitions the provider serves now (after any reload), in key order, each with its
   * status and what loading found wrong with it (a flag that loaded with an invalid targeting rule
   * is {@code INVALID}), and the last reload error when the newest definitions were refused.
   */
  public List<FlagRow> getFlags() {
    List<FlagRow> rows = new ArrayList<>();
    if (!flagProviders.isResolvable()) {
      return rows;
    }
    ContextKitFlagProvider provider = flagProviders.get();
    ReloadError error = provider.lastReloadError();
    for (FlagDefinition flag : sorted(provider.definitions().definitions())) {
      FlagType type = flag.type();
      List<String> problems = new ArrayList<>(flag.problems().size());
      for (FlagProblem problem : flag.problems()) {
        problems.add(problem.severity() + ": " + problem.message());
      }
      rows.add(
          new FlagRow(
              flag.key(),
              flag.enabled() ? "ENABLED" : "DISABLED",
              type == null ? null : type.name(),
              flag.defaultVariant(),
              flag.variants(),
              flag.targeting(),
              flag.invalid() ? "INVALID" : problems.isEmpty() ? "VALID" : "WARNINGS",
              problems,
              error == null ? null : error.message()));
    }
    return rows;
  }

  private static List<FlagDefinition> sorted(Map<String, FlagDefinition> definitions) {
    List<FlagDefinition> list = new ArrayList<>(definitions.size());
    for (String key : new TreeSet<>(definitions.keySet())) {
      list.add(definitions.get(key));
    }
    return list;
  }

  /** The spelling the configuration uses: {@code TRACEPARENT_ONLY} is {@code traceparent-only}. */
  private static String kebab(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String list(Iterable<String> values) {
    String joined = String.join(", ", values);
    return joined.isEmpty() ? "(none)" : joined;
  }

  private static String meaning(Counter counter) {
    return switch (counter) {
      case BARRIER_LEAKS -> "A request found a context still bound to its thread and dropped it";
      case SCOPE_OUT_OF_ORDER -> "Scopes closed out of order (the inner ones were closed first)";
      case SCOPE_WRONG_THREAD -> "Scope close ignored on a thread other than the opening one";
      case SCOPE_FOREIGN_LEFT_OPEN -> "A foreign OpenTelemetry scope was left open inside ours";
      case TRACEPARENT_INVALID -> "Invalid inbound traceparent; the trace was restarted";
      case TRACESTATE_DROPPED -> "Inbound tracestate dropped (invalid or orphaned)";
      case TRACESTATE_DUPLICATES_DROPPED ->
          "Inbound tracestate members dropped for a duplicated key (the first kept)";
      case BAGGAGE_INVALID_ENTRIES -> "Malformed inbound baggage entries";
      case BAGGAGE_DROPPED_ENTRIES -> "Baggage entries dropped at a limit (whole entries)";
      case FIELD_INVALID -> "Inbound context fields with an invalid value, dropped";
      case REQUEST_ID_INVALID -> "Invalid inbound request ids, replaced by generated ones";
      case REQUEST_TYPE_MALFORMED ->
          "Ambiguous or invalid request_type (HTTP or message), refused: never run as STANDARD";
      case UNTRUSTED_FIELDS_DROPPED -> "Identity fields refused from an untrusted hop";
      case SIGNATURE_INVALID -> "Context signatures that failed verification";
      case TRACE_SERVED -> "TRACE requests that ran";
      case TRACE_FAILED ->
          "TRACE requests that ended in an error: a violation or committed=unknown";
      case TRACE_REFUSED_MALFORMED -> "Requests refused with 400: malformed request_type";
      case TRACE_REFUSED_UNTRUSTED ->
          "TRACE asks refused with 403: untrusted hop without the TRACE permission";
      case TRACE_REFUSED_DISABLED -> "TRACE requests refused with 503: trace.enabled=false";
      case TRACE_REFUSED_UNGUARDED ->
          "TRACE requests refused with 503: an effect channel is neither guarded nor safe";
      case TRACE_SERVED_UNGUARDED ->
          "TRACE requests served while an effect channel is unguarded (unguarded-channels=warn)";
    };
  }

  /**
   * One counter.
   *
   * @param counter the counter's stable name
   * @param value its value when the page asked
   * @param meaning what it counts
   */
  public record CounterRow(String counter, long value, String meaning) {}

  /**
   * One trust-boundary setting as the running propagator applies it.
   *
   * @param setting the key below {@code quarkus.contextkit.}
   * @param value the value in effect
   */
  public record SettingRow(String setting, String value) {}

  /**
   * One effect channel (or, first, the policy).
   *
   * @param kind the kind id, e.g. {@code data-source}
   * @param name the datasource, channel, bean qualifier or extension name
   * @param status {@code GUARDED}, {@code SAFE} or {@code UNGUARDED}
   * @param detail which guard, the reason it is safe, or why it is not guarded
   * @param safeKey the key that declares it safe
   */
  public record ChannelRow(
      String kind, String name, String status, String detail, String safeKey) {}

  /**
   * One edge of the runtime dependency map, as the dependencies endpoint reports it.
   *
   * @param target the HTTP {@code host:port}, topic, destination, address, datasource, mail server
   *     or cache
   * @param kind {@code INTERNAL_SERVICE}, {@code THIRD_PARTY}, {@code KAFKA_TOPIC}, ...
   * @param direction {@code CALLED}, {@code PRODUCED} or {@code CONSUMED}
   * @param calls calls, TRACE ones included
   * @param errors failed calls
   * @param traceCalls calls made by TRACE requests
   * @param syntheticCalls TRACE calls ContextKit answered itself, never reaching the target
   * @param p50Millis the median latency, or {@code null} when the calls are not timed
   * @param p99Millis the 99th percentile latency, or {@code null}
   * @param firstSeen when the edge was first recorded (ISO-8601)
   * @param lastSeen when it was last recorded (ISO-8601)
   */
  public record DependencyRow(
      String target,
      String kind,
      String direction,
      long calls,
      long errors,
      long traceCalls,
      long syntheticCalls,
      @Nullable Double p50Millis,
      @Nullable Double p99Millis,
      String firstSeen,
      String lastSeen) {}

  /**
   * One flag definition as ContextKit resolved it ({@code $ref}s inlined).
   *
   * @param key the flag key
   * @param state {@code ENABLED} or {@code DISABLED}
   * @param type the variant type, or {@code null} when the variants have none or several
   * @param defaultVariant the default variant, or {@code null} for the caller's default
   * @param variants variant name to value
   * @param targeting the JsonLogic rule as plain JSON values, or {@code null}
   * @param status {@code VALID}; {@code WARNINGS} (deviates from the flagd schema, evaluated as
   *     flagd does); {@code INVALID} (some evaluations answer the caller's default with reason
   *     ERROR)
   * @param problems each problem as {@code SEVERITY: message}
   * @param reloadError the last reload error of the provider, or {@code null}
   */
  public record FlagRow(
      String key,
      String state,
      @Nullable String type,
      @Nullable String defaultVariant,
      Map<String, Object> variants,
      @Nullable Object targeting,
      String status,
      List<String> problems,
      @Nullable String reloadError) {}
}
