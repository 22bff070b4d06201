package io.contextkit.quarkus.channels;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.quarkus.runtime.internal.EffectChannels;

/** Reads the running application's inventory of effect channels. */
final class Inventory {

  private Inventory() {}

  static EffectChannelInventory of(EffectChannels channels) {
    EffectChannelInventory inventory = channels.policy().inventory();
    if (inventory == null) {
      throw new AssertionError("the inventory is not built");
    }
    return inventory;
  }

  /** The channel {@code kind}/{@code name}; fails listing every channel when there is none. */
  static EffectChannel channel(EffectChannels channels, Kind kind, String name) {
    EffectChannelInventory inventory = of(channels);
    for (EffectChannel channel : inventory.channels()) {
      if (channel.is(kind, name)) {
        return channel;
      }
    }
    throw new AssertionError("no " + kind.id() + " " + name + " in " + inventory.channels());
  }
}
