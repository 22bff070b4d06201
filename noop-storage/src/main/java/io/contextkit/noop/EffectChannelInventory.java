package io.contextkit.noop;

import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The effect channels of one application, each {@link Status#GUARDED GUARDED}, {@link Status#SAFE
 * SAFE} or {@link Status#UNGUARDED UNGUARDED}: built once at startup by the Spring starter and the
 * Quarkus extension from what the application contains, then read by {@link TracePolicy} on every
 * TRACE request, by the management endpoints and by the startup log line. Immutable and
 * thread-safe.
 *
 * <p>Channels are declared safe by configuration, one key per channel, the kind's {@link Kind#id()
 * id} and the channel's name below {@code trace.safe-channels}, the value being the reason:
 *
 * <pre>{@code
 * contextkit.trace.safe-channels.mail-sender.mailSender=mails go to the sandbox relay in this environment
 * quarkus.contextkit.trace.safe-channels.cache."prices"=read-through cache of immutable prices
 * }</pre>
 *
 * <p>A declaration whose kind is unknown, or whose reason is blank, is a configuration error (its
 * key is named); a declaration that names no channel of this application is kept aside ({@link
 * #unusedSafeDeclarations()}) for a startup warning: it makes nothing unsafe, but it is probably a
 * typo, and the channel it meant then stays unguarded. A guarded channel stays guarded when it is
 * also declared safe.
 */
public final class EffectChannelInventory {

  private static final Comparator<EffectChannel> ORDER =
      Comparator.comparing(EffectChannel::kind).thenComparing(EffectChannel::name);

  private final List<EffectChannel> channels;
  private final List<String> unusedSafeDeclarations;
  private final Keys keys;

  private EffectChannelInventory(
      List<EffectChannel> channels, List<String> unusedSafeDeclarations, Keys keys) {
    this.channels = channels;
    this.unusedSafeDeclarations = unusedSafeDeclarations;
    this.keys = keys;
  }

  /**
   * The inventory of {@code found}, with the channels {@code safeChannels} declares safe.
   *
   * @param found the channels the application has; of two with the same kind and name the first
   *     counts (integrations list the contributions of guards before their own findings)
   * @param safeChannels kind id to channel name to the reason it is safe, as bound from {@code
   *     trace.safe-channels}
   * @param keys how the stack spells its configuration keys, for messages
   * @throws IllegalArgumentException when a declaration names an unknown kind or gives no reason;
   *     the message names the key
   */
  public static EffectChannelInventory create(
      Collection<EffectChannel> found,
      Map<String, ? extends Map<String, String>> safeChannels,
      Keys keys) {
    Objects.requireNonNull(found, "found");
    Objects.requireNonNull(safeChannels, "safeChannels");
    Objects.requireNonNull(keys, "keys");
    List<EffectChannel> unique = new ArrayList<>();
    for (EffectChannel channel : found) {
      if (find(unique, channel.kind(), channel.name()) < 0) {
        unique.add(channel);
      }
    }
    List<String> unused = new ArrayList<>();
    // Sorted, so messages and the unused list do not depend on the configuration map's order.
    for (Map.Entry<String, ? extends Map<String, String>> byKind :
        new TreeMap<>(safeChannels).entrySet()) {
      Kind kind = Kind.fromId(byKind.getKey());
      if (kind == null) {
        throw new IllegalArgumentException(
            keys.safeChannels()
                + "."
                + byKind.getKey()
                + ": unknown effect channel kind '"
                + EffectChannel.printable(byKind.getKey())
                + "'; the kinds are "
                + kindIds());
      }
      for (Map.Entry<String, String> declaration : new TreeMap<>(byKind.getValue()).entrySet()) {
        String name = declaration.getKey();
        String key = keys.safeChannel(kind, name);
        String reason = declaration.getValue();
        if (reason == null || reason.isBlank()) {
          throw new IllegalArgumentException(
              key + ": give the reason this channel is safe for TRACE requests as the value");
        }
        int index = find(unique, kind, name);
        if (index < 0) {
          unused.add(key);
        } else if (unique.get(index).status() == Status.UNGUARDED) {
          unique.set(index, unique.get(index).declaredSafe(reason.strip()));
        }
      }
    }
    unique.sort(ORDER);
    return new EffectChannelInventory(List.copyOf(unique), List.copyOf(unused), keys);
  }

  /** An inventory without channels, spelled with {@code keys}. */
  public static EffectChannelInventory empty(Keys keys) {
    return new EffectChannelInventory(List.of(), List.of(), keys);
  }

  /** Every channel, ordered by kind then name. */
  public List<EffectChannel> channels() {
    return channels;
  }

  /** The {@link Status#UNGUARDED} channels, ordered by kind then name. */
  public List<EffectChannel> unguarded() {
    List<EffectChannel> out = new ArrayList<>();
    for (EffectChannel channel : channels) {
      if (channel.status() == Status.UNGUARDED) {
        out.add(channel);
      }
    }
    return List.copyOf(out);
  }

  /** How many channels have {@code status}. */
  public int count(Status status) {
    int n = 0;
    for (EffectChannel channel : channels) {
      if (channel.status() == status) {
        n++;
      }
    }
    return n;
  }

  /** The keys of safe declarations that name no channel of this application, sorted. */
  public List<String> unusedSafeDeclarations() {
    return unusedSafeDeclarations;
  }

  /** How the stack that built this inventory spells its configuration keys. */
  public Keys keys() {
    return keys;
  }

  /**
   * One line: the counts per status and the unguarded channels, e.g. {@code 4 guarded, 1 safe, 1
   * unguarded: mail-sender mailSender}.
   */
  public String summary() {
    StringBuilder line =
        new StringBuilder()
            .append(count(Status.GUARDED))
            .append(" guarded, ")
            .append(count(Status.SAFE))
            .append(" safe, ")
            .append(count(Status.UNGUARDED))
            .append(" unguarded");
    List<EffectChannel> unguarded = unguarded();
    if (!unguarded.isEmpty()) {
      line.append(": ");
      appendLabels(line, unguarded);
    }
    return line.toString();
  }

  static void appendLabels(StringBuilder out, List<EffectChannel> channels) {
    for (int i = 0; i < channels.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(channels.get(i).label());
    }
  }

  private static int find(List<EffectChannel> channels, Kind kind, String name) {
    for (int i = 0; i < channels.size(); i++) {
      if (channels.get(i).is(kind, name)) {
        return i;
      }
    }
    return -1;
  }

  private static String kindIds() {
    StringBuilder ids = new StringBuilder();
    for (Kind kind : Kind.values()) {
      if (ids.length() > 0) {
        ids.append(", ");
      }
      ids.append(kind.id());
    }
    return ids.toString();
  }

  /**
   * How one stack spells the configuration keys that messages name: the leaves are the same on both
   * ({@code trace.safe-channels.<kind>.<name>}, {@code trace.unguarded-channels}), the root and the
   * quoting of a name differ.
   */
  public static final class Keys {

    private final String root;
    private final boolean quarkus;

    private Keys(String root, boolean quarkus) {
      this.root = root;
      this.quarkus = quarkus;
    }

    /**
     * Spring Boot: {@code contextkit.*}, a name other than letters, digits and {@code -} in
     * brackets.
     */
    public static Keys spring() {
      return new Keys("contextkit.", false);
    }

    /** Quarkus: {@code quarkus.contextkit.*}, every name in double quotes. */
    public static Keys quarkus() {
      return new Keys("quarkus.contextkit.", true);
    }

    /**
     * The key below which channels are declared safe, e.g. {@code contextkit.trace.safe-channels}.
     */
    public String safeChannels() {
      return root + "trace.safe-channels";
    }

    /** The key that declares channel {@code kind}/{@code name} safe. */
    public String safeChannel(Kind kind, String name) {
      String printable = EffectChannel.printable(name);
      if (quarkus) {
        return safeChannels() + "." + kind.id() + ".\"" + printable + "\"";
      }
      return plain(printable)
          ? safeChannels() + "." + kind.id() + "." + printable
          : safeChannels() + "." + kind.id() + "[" + printable + "]";
    }

    /** The key of the policy, e.g. {@code contextkit.trace.unguarded-channels}. */
    public String policy() {
      return root + "trace.unguarded-channels";
    }

    /** The kill switch, e.g. {@code contextkit.trace.enabled}. */
    public String enabled() {
      return root + "trace.enabled";
    }

    // Spring keeps a map key as written only when it is made of these (or when bracketed).
    private static boolean plain(String name) {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
          return false;
        }
      }
      return true;
    }
  }
}
