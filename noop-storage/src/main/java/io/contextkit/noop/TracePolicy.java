package io.contextkit.noop;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.Refusal;
import io.contextkit.noop.EffectChannel.Status;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a TRACE request may run: the one decision both stacks take at the door, after TRACE
 * activation is settled (trusted or permitted) and before any application code runs.
 *
 * <ol>
 *   <li>TRACE switched off ({@code trace.enabled=false}): refused, {@value #DISABLED}.
 *   <li>The inventory not built yet (a request that arrives while the application still starts):
 *       refused — nobody knows yet what it could touch.
 *   <li>An {@link Status#UNGUARDED} channel and {@link UnguardedChannels#REFUSE}: refused, the body
 *       names the channels and the keys that declare them safe ({@link Refusal#UNGUARDED_CHANNELS},
 *       counted as {@code trace.refused-unguarded} where the refusal is answered and logged).
 *   <li>Otherwise it runs; with an unguarded channel under {@link UnguardedChannels#WARN} it is
 *       counted as {@code trace.served-unguarded}.
 * </ol>
 *
 * <p>A refusal is answered 503 with the {@link #refusal()} text as a plain-text body, and counted
 * and logged as {@link #refusalKind()} by the entry point that answers it (the policy counts no
 * refusal itself, so that each is counted once). Immutable and thread-safe.
 *
 * <pre>{@code
 * String refusal = policy.refusal();
 * if (refusal != null) {
 *   respond(503, refusal);   // nothing of the application ran
 *   return;
 * }
 * }</pre>
 */
public final class TracePolicy {

  /** The body of the kill switch's refusal. */
  public static final String DISABLED = "TRACE requests are disabled";

  private static final String NOT_READY =
      "TRACE requests are not served yet: the application is still starting (its effect channels"
          + " are not known yet)";

  private final boolean enabled;
  private final UnguardedChannels onUnguarded;
  private final @Nullable EffectChannelInventory inventory;
  private final @Nullable String unguardedRefusal;
  private final boolean unguarded;

  private TracePolicy(
      boolean enabled, UnguardedChannels onUnguarded, @Nullable EffectChannelInventory inventory) {
    this.enabled = enabled;
    this.onUnguarded = onUnguarded;
    this.inventory = inventory;
    List<EffectChannel> open = inventory == null ? List.of() : inventory.unguarded();
    this.unguarded = !open.isEmpty();
    this.unguardedRefusal =
        inventory == null || open.isEmpty() ? null : refusalText(inventory, open);
  }

  /**
   * The policy of a started application.
   *
   * @param enabled whether TRACE requests are served at all ({@code trace.enabled})
   * @param onUnguarded {@code trace.unguarded-channels}
   * @param inventory the application's effect channels
   */
  public static TracePolicy of(
      boolean enabled, UnguardedChannels onUnguarded, EffectChannelInventory inventory) {
    Objects.requireNonNull(onUnguarded, "onUnguarded");
    Objects.requireNonNull(inventory, "inventory");
    return new TracePolicy(enabled, onUnguarded, inventory);
  }

  /**
   * The policy while the inventory is not built yet: every TRACE request is refused (with the kill
   * switch's text when TRACE is off).
   */
  public static TracePolicy starting(boolean enabled) {
    return new TracePolicy(enabled, UnguardedChannels.REFUSE, null);
  }

  /**
   * The plain-text body of the 503 that refuses a TRACE request, or {@code null} when it may run.
   * Counts a TRACE request served under {@link UnguardedChannels#WARN}; a refusal is counted by the
   * caller, as {@link #refusalKind()}. Call once per TRACE request, after activation is settled;
   * never for STANDARD requests.
   */
  public @Nullable String refusal() {
    if (!enabled) {
      return DISABLED;
    }
    if (inventory == null) {
      return NOT_READY;
    }
    if (!unguarded) {
      return null;
    }
    if (onUnguarded == UnguardedChannels.REFUSE) {
      return unguardedRefusal;
    }
    ContextKit.counters().increment(Counter.TRACE_SERVED_UNGUARDED);
    return null;
  }

  /**
   * What a non-null {@link #refusal()} stands for: {@link Refusal#TRACE_DISABLED} while TRACE is
   * switched off, else {@link Refusal#UNGUARDED_CHANNELS} (an unguarded channel, or the channels
   * not known yet).
   */
  public Refusal refusalKind() {
    return enabled ? Refusal.UNGUARDED_CHANNELS : Refusal.TRACE_DISABLED;
  }

  /** Whether TRACE requests are served at all ({@code trace.enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /** What happens while a channel is unguarded. */
  public UnguardedChannels onUnguarded() {
    return onUnguarded;
  }

  /** The inventory, or null while the application is still starting. */
  public @Nullable EffectChannelInventory inventory() {
    return inventory;
  }

  /**
   * Whether the startup line is a warning: a channel is unguarded while TRACE is on, or a safe
   * declaration names no channel.
   */
  public boolean startupLineIsWarning() {
    return enabled && unguarded
        || inventory != null && !inventory.unusedSafeDeclarations().isEmpty();
  }

  /**
   * The one startup log line: the inventory's counts, the unguarded channels and what that means
   * for TRACE requests, and any safe declaration that names no channel.
   */
  public String startupLine() {
    StringBuilder line = new StringBuilder("ContextKit TRACE effect channels: ");
    if (inventory == null) {
      return line.append("not known yet").toString();
    }
    line.append(inventory.summary());
    EffectChannelInventory.Keys keys = inventory.keys();
    if (!enabled) {
      line.append(". TRACE requests are refused: ").append(keys.enabled()).append("=false");
    } else if (unguarded && onUnguarded == UnguardedChannels.REFUSE) {
      line.append(". TRACE requests are refused with 503 until each is guarded or declared safe (")
          .append(keys.safeChannels())
          .append(".<kind>.<name>=<reason>), or ")
          .append(keys.policy())
          .append("=warn");
    } else if (unguarded) {
      line.append(". TRACE requests run anyway (")
          .append(keys.policy())
          .append("=warn): they may change the world through these channels");
    } else {
      line.append(". TRACE requests are served");
    }
    List<String> unused = inventory.unusedSafeDeclarations();
    if (!unused.isEmpty()) {
      line.append(". Safe declarations naming no channel (a typo?): ")
          .append(String.join(", ", unused));
    }
    return line.toString();
  }

  private static String refusalText(EffectChannelInventory inventory, List<EffectChannel> open) {
    EffectChannelInventory.Keys keys = inventory.keys();
    StringBuilder body = new StringBuilder("TRACE request refused: ");
    body.append(open.size() == 1 ? "1 effect channel is" : open.size() + " effect channels are")
        .append(" neither guarded nor declared safe, so nothing ran: ");
    for (int i = 0; i < open.size(); i++) {
      EffectChannel channel = open.get(i);
      if (i > 0) {
        body.append("; ");
      }
      body.append(channel.label()).append(" (").append(channel.detail()).append(')');
    }
    body.append(".\nDeclare a channel safe for TRACE requests, with the reason, as:\n");
    for (EffectChannel channel : open) {
      body.append("  ")
          .append(keys.safeChannel(channel.kind(), channel.name()))
          .append("=<reason>\n");
    }
    body.append("or let TRACE requests run anyway with ").append(keys.policy()).append("=warn\n");
    return body.toString();
  }
}
