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
 * mp.messaging.outgoing.<channel>.connector}): Kafka channels are guarded by the Kafka integration
 * when it is built in, every other connector's channels are not. Logs the one startup line.
 */
@Singleton
public final class EffectChannels {

  private static final Logger LOG = Logger.getLogger("io.contextkit.trace");

  private static final String OUTGOING = "mp.messaging.outgoing.";
  private static final String CONNECTOR = ".connector";
  private static final String KAFKA_CONNECTOR = "smallrye-kafka";

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
   * @param kafkaGuarded whether the Kafka integration (and its TRACE guard) is built in
   * @throws IllegalArgumentException for an invalid safe declaration, naming its key
   */
  public void init(List<String> buildTime, List<EffectChannel> dataSources, boolean kafkaGuarded) {
    List<EffectChannel> found = new ArrayList<>();
    for (String encoded : buildTime) {
      found.add(decode(encoded));
    }
    found.addAll(dataSources);
    found.addAll(messagingChannels(ConfigProvider.getConfig(), kafkaGuarded));
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

  /** Every outgoing channel with a connector, guarded when it is Kafka's and Kafka is wired. */
  static List<EffectChannel> messagingChannels(Config config, boolean kafkaGuarded) {
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
      String connector = channel.getValue();
      if (KAFKA_CONNECTOR.equals(connector) && kafkaGuarded) {
        channels.add(
            EffectChannel.guarded(
                Kind.MESSAGING_CHANNEL,
                channel.getKey(),
                "smallrye-kafka: TRACE records captured"));
      } else if (KAFKA_CONNECTOR.equals(connector)) {
        channels.add(
            EffectChannel.unguarded(
                Kind.MESSAGING_CHANNEL,
                channel.getKey(),
                "smallrye-kafka with quarkus.contextkit.kafka.enabled=false"));
      } else {
        channels.add(
            EffectChannel.unguarded(
                Kind.MESSAGING_CHANNEL, channel.getKey(), "no TRACE guard for " + connector));
      }
    }
    return channels;
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
