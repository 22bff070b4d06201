package io.contextkit.quarkus.deployment;

import io.contextkit.noop.EffectChannel;
import io.quarkus.builder.item.MultiBuildItem;
import java.util.Objects;

/**
 * One effect channel a build step knows about, for the inventory ContextKit builds at startup (see
 * {@link io.contextkit.noop.EffectChannelInventory}). The extension produces its own findings; a
 * guard — in this extension or another — produces one to say that it guards a channel, and its item
 * wins over the extension's finding of the same kind and name:
 *
 * <pre>{@code
 * @BuildStep
 * EffectChannelBuildItem reactivePoolGuarded() {
 *   return EffectChannelBuildItem.guarded(
 *       EffectChannel.Kind.REACTIVE_SQL_POOL, "<default>", "TRACE transactions rolled back");
 * }
 * }</pre>
 *
 * <p>An application extension can also list a channel of its own as unguarded, so that TRACE is
 * refused until it is guarded or declared safe.
 */
public final class EffectChannelBuildItem extends MultiBuildItem {

  private final EffectChannel channel;

  private EffectChannelBuildItem(EffectChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /** A channel guarded by the producing build step's guard; {@code detail} names the guard. */
  public static EffectChannelBuildItem guarded(
      EffectChannel.Kind kind, String name, String detail) {
    return new EffectChannelBuildItem(EffectChannel.guarded(kind, name, detail));
  }

  /** A channel nothing guards; {@code detail} says why. */
  public static EffectChannelBuildItem unguarded(
      EffectChannel.Kind kind, String name, String detail) {
    return new EffectChannelBuildItem(EffectChannel.unguarded(kind, name, detail));
  }

  /** The channel. */
  public EffectChannel channel() {
    return channel;
  }
}
