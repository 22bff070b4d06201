package io.contextkit.internal;

import io.contextkit.FlagEvaluation;
import io.contextkit.SideEffect;
import io.contextkit.SideEffectRecorder;
import io.contextkit.SideEffectReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The append-only record of one request: the flag evaluations made and the side effects suppressed.
 * Shared by every context derived from the request's context, on every thread, so it is
 * thread-safe; bounded so a runaway loop cannot grow it without limit.
 */
public final class RequestJournal implements SideEffectRecorder {

  /** Flags kept per request; more distinct keys are counted as dropped. */
  public static final int MAX_FLAGS = 64;

  /** Side effects kept per request; more are counted by kind but not kept. */
  public static final int MAX_EFFECTS = 256;

  private static final int KINDS = SideEffect.Kind.values().length;
  private static final FlagEvaluation[] NO_FLAGS = new FlagEvaluation[0];

  // Declared after the constants above: static initialisers run in order.
  private static final RequestJournal DISCARDING = new RequestJournal(0, 0);

  private final int maxFlags;
  private final int maxEffects;

  // Allocated on first use: most requests record few flags and no side effects, and a journal is
  // created for every inbound request.
  private FlagEvaluation[] flags = NO_FLAGS;
  private int flagCount;
  private long flagsDropped;
  // Null until the first flag: a volatile write in the constructor would cost every request a
  // fence (a journal is created for every inbound request); read as "".
  private volatile @Nullable String flagsRendered;
  private @Nullable List<SideEffect> effects;
  private long @Nullable [] counts;
  private long effectsDropped;

  private RequestJournal(int maxFlags, int maxEffects) {
    this.maxFlags = maxFlags;
    this.maxEffects = maxEffects;
  }

  /** A new journal for one request, with the default bounds. */
  public static RequestJournal create() {
    return new RequestJournal(MAX_FLAGS, MAX_EFFECTS);
  }

  /** The journal of the empty context: records nothing, so nothing leaks between unrelated work. */
  public static RequestJournal discarding() {
    return DISCARDING;
  }

  /** Whether this journal keeps anything at all. */
  public boolean isDiscarding() {
    return this == DISCARDING;
  }

  /**
   * Records a flag evaluation: one entry per flag key, the latest evaluation wins.
   *
   * @return whether the recorded flags changed (callers refresh projections only then)
   */
  public boolean recordFlag(FlagEvaluation evaluation) {
    Objects.requireNonNull(evaluation, "evaluation");
    if (maxFlags == 0) {
      return false;
    }
    synchronized (this) {
      for (int i = 0; i < flagCount; i++) {
        if (flags[i].flagKey().equals(evaluation.flagKey())) {
          if (flags[i].equals(evaluation)) {
            return false;
          }
          flags[i] = evaluation;
          flagsRendered = render();
          return true;
        }
      }
      if (flagCount == maxFlags) {
        flagsDropped++;
        return false;
      }
      if (flagCount == flags.length) {
        flags = Arrays.copyOf(flags, Math.min(maxFlags, Math.max(4, flagCount * 2)));
      }
      flags[flagCount++] = evaluation;
      flagsRendered = render();
      return true;
    }
  }

  /** The recorded evaluations, in first-seen order of their keys. */
  public List<FlagEvaluation> flags() {
    synchronized (this) {
      return List.of(Arrays.copyOf(flags, flagCount));
    }
  }

  /** How many distinct flag keys were not kept because the journal was full. */
  public synchronized long flagsDropped() {
    return flagsDropped;
  }

  /**
   * The flags in effect as one log-friendly value, {@code key=variant} pairs joined by commas (a
   * {@code null} variant is written as {@code ?}); empty when none. Cached, so reading it allocates
   * nothing.
   */
  public String flagsRendered() {
    String rendered = flagsRendered;
    return rendered == null ? "" : rendered;
  }

  private String render() {
    StringBuilder sb = new StringBuilder(flagCount * 16);
    for (int i = 0; i < flagCount; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String variant = flags[i].variant();
      sb.append(flags[i].flagKey()).append('=').append(variant == null ? "?" : variant);
    }
    return sb.toString();
  }

  @Override
  public void record(SideEffect effect) {
    if (effect == null || maxEffects == 0) {
      return;
    }
    synchronized (this) {
      if (counts == null) {
        counts = new long[KINDS];
        effects = new ArrayList<>();
      }
      counts[effect.kind().ordinal()]++;
      if (effects.size() < maxEffects) {
        effects.add(effect);
      } else {
        effectsDropped++;
      }
    }
  }

  @Override
  public SideEffectReport report() {
    synchronized (this) {
      if (counts == null) {
        // Nothing recorded, the common case (every STANDARD request, a TRACE request that wrote
        // nothing): the one shared empty report instead of two maps per call.
        return SideEffectReport.empty();
      }
      Map<SideEffect.Kind, Long> byKind = new EnumMap<>(SideEffect.Kind.class);
      for (SideEffect.Kind kind : SideEffect.Kind.values()) {
        byKind.put(kind, counts == null ? 0L : counts[kind.ordinal()]);
      }
      return new SideEffectReport(effects == null ? List.of() : effects, byKind, effectsDropped);
    }
  }
}
