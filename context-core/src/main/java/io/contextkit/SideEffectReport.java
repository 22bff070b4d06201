package io.contextkit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of what a request's {@link SideEffectRecorder} holds.
 *
 * @param effects the recorded effects in the order they were reported, at most the recorder's
 *     capacity
 * @param counts how many effects of each kind were reported, including those beyond the capacity:
 *     exact even when {@code effects} is truncated
 * @param dropped how many effects were counted but not kept because the recorder was full
 */
public record SideEffectReport(
    List<SideEffect> effects, Map<SideEffect.Kind, Long> counts, long dropped) {

  private static final SideEffectReport EMPTY = new SideEffectReport(List.of(), Map.of(), 0);

  /** Copies the components, so a report never changes after it was taken. */
  public SideEffectReport {
    effects = List.copyOf(effects);
    EnumMap<SideEffect.Kind, Long> copy = new EnumMap<>(SideEffect.Kind.class);
    for (SideEffect.Kind kind : SideEffect.Kind.values()) {
      Long n = counts.get(kind);
      copy.put(kind, n == null ? 0L : n);
    }
    counts = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * The report of a recorder that holds nothing: no effect, every count zero, nothing dropped. One
   * shared instance.
   */
  public static SideEffectReport empty() {
    return EMPTY;
  }

  /** How many effects of {@code kind} were reported. */
  public long count(SideEffect.Kind kind) {
    return counts.get(kind);
  }

  /** How many effects were reported in all. */
  public long total() {
    long sum = 0;
    for (long n : counts.values()) {
      sum += n;
    }
    return sum;
  }

  /** Whether nothing was reported. */
  public boolean isEmpty() {
    return total() == 0;
  }
}
