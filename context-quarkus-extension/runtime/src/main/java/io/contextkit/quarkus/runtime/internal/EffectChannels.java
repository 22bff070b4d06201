package io.contextkit.quarkus.runtime.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.noop.TracePolicy;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The application's effect channels and the TRACE policy built on them, once per start (runtime
 * init, before the HTTP server accepts requests): what the build found (the extensions present and
 * their beans, and what guard build steps contributed), the Agroal datasources ({@link JdbcGuards})
 * and the outgoing messaging channels of the configuration ({@code
 * mp.messaging.outgoing.<channel>.connector}), each named by its channel name: guarded when the
 * build wired its connector's TRACE guard (Kafka, AMQP, JMS), unguarded naming the key when that
 * guard is switched off, and unguarded for every other connector. Logs the one startup line.
 */
@Singleton
public final class EffectChannels {

  private static final Logger LOG = Logger.getLogger("io.contextkit.trace");

  private static final String OUTGOING = "mp.messaging.outgoing.";
  private static final String CONNECTOR = ".connector";

  private final ContextKitRuntimeConfig config;
  private volatile TracePolicy policy;

  @Inject
  EffectChannels(ContextKitRuntimeConfig config) {
    this.config = config;
    this.policy = TracePolicy.starting(config.trace().enabled());
  }

  /**
   * Builds the inventory and the policy.
   *
   * @param buildTime the channels the build found, encoded by {@link #encode}; contributions first
   * @param dataSources the Agroal datasources
   * @param connectorGuards the TRACE guard of each messaging connector present, by {@link
   *     #encodeConnector}
   * @throws IllegalArgumentException for an invalid safe declaration, naming its key
   */
  public void init(
      List<String> buildTime, List<EffectChannel> dataSources, List<String> connectorGuards) {
    List<EffectChannel> found = new ArrayList<>();
    for (String encoded : buildTime) {
      found.add(decode(encoded));
    }
    found.addAll(dataSources);
    found.addAll(messagingChannels(ConfigProvider.getConfig(), decodeConnectors(connectorGuards)));
    Map<String, Map<String, String>> safe = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> byKind : config.trace().safeChannels().entrySet()) {
      safe.put(byKind.getKey(), new TreeMap<>(byKind.getValue()));
    }
    EffectChannelInventory inventory =
        EffectChannelInventory.create(found, safe, EffectChannelInventory.Keys.quarkus());
    TracePolicy built =
        TracePolicy.of(config.trace().enabled(), config.trace().unguardedChannels(), inventory);
    if (built.startupLineIsWarning()) {
      LOG.warn(built.startupLine());
    } else {
      LOG.info(built.startupLine());
    }
    policy = built;
  }

  /** The policy; it refuses every TRACE request until {@link #init} ran. */
  public TracePolicy policy() {
    return policy;
  }

  /**
   * Every outgoing channel with a connector, named by its channel name: with its connector's guard
   * from {@code connectorGuards} (connector name to the status and detail of its guard), unguarded
   * when no guard of this build covers the connector.
   */
  static List<EffectChannel> messagingChannels(
      Config config, Map<String, EffectChannel> connectorGuards) {
    Map<String, String> connectors = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(OUTGOING) && name.endsWith(CONNECTOR)) {
        String channel = name.substring(OUTGOING.length(), name.length() - CONNECTOR.length());
        if (!channel.isEmpty()) {
          config
              .getOptionalValue(name, String.class)
              .ifPresent(connector -> connectors.put(unquote(channel), connector));
        }
      }
    }
    List<EffectChannel> channels = new ArrayList<>();
    for (Map.Entry<String, String> channel : connectors.entrySet()) {
      EffectChannel guard = connectorGuards.get(channel.getValue());
      channels.add(
          guard == null
              ? EffectChannel.unguarded(
                  Kind.MESSAGING_CHANNEL,
                  channel.getKey(),
                  "no TRACE guard for " + channel.getValue())
              : new EffectChannel(
                  Kind.MESSAGING_CHANNEL, channel.getKey(), guard.status(), guard.detail()));
    }
    return channels;
  }

  /**
   * One connector's guard as the build records it: connector name, status and detail,
   * tab-separated.
   */
  public static String encodeConnector(String connector, Status status, String detail) {
    return connector + '\t' + status.name() + '\t' + detail;
  }

  /** Connector name to its guard (a channel named after the connector, for status and detail). */
  static Map<String, EffectChannel> decodeConnectors(List<String> encoded) {
    Map<String, EffectChannel> guards = new TreeMap<>();
    for (String record : encoded) {
      String[] parts = record.split("\t", 3);
      if (parts.length != 3) {
        throw new IllegalStateException("Bad connector guard record: " + record);
      }
      guards.put(
          parts[0],
          new EffectChannel(Kind.MESSAGING_CHANNEL, parts[0], Status.valueOf(parts[1]), parts[2]));
    }
    return guards;
  }

  private static String unquote(String channel) {
    return channel.length() > 1 && channel.startsWith("\"") && channel.endsWith("\"")
        ? channel.substring(1, channel.length() - 1)
        : channel;
  }

  /** One channel as the build records it: kind id, status, name and detail, tab-separated. */
  public static String encode(Kind kind, Status status, String name, String detail) {
    return kind.id() + '\t' + status.name() + '\t' + name + '\t' + detail;
  }

  static EffectChannel decode(String encoded) {
    String[] parts = encoded.split("\t", 4);
    Kind kind = Kind.fromId(parts[0]);
    if (kind == null || parts.length != 4) {
      throw new IllegalStateException("Bad effect channel record: " + encoded);
    }
    return new EffectChannel(kind, parts[2], Status.valueOf(parts[1]), parts[3]);
  }
}
