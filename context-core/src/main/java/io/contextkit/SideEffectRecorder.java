package io.contextkit;

/**
 * Collects the side effects that TRACE guards suppressed while serving one request.
 *
 * <p>Each {@link RequestContext} built for a request owns one recorder, shared by every context
 * derived from it with {@link RequestContext#toBuilder()} and by every thread the context travels
 * to, so a guard on any thread reports into the request it serves. Implementations are thread-safe
 * and bounded: past their capacity they keep counting by kind but stop keeping entries. The
 * recorder of {@link RequestContext#empty()} discards everything.
 *
 * <pre>{@code
 * RequestContext.current().sideEffects().record(
 *     new SideEffect(SideEffect.Kind.HTTP_CALL, "payments.example.com", "POST /charges"));
 * SideEffectReport report = RequestContext.current().sideEffects().report();
 * }</pre>
 */
public interface SideEffectRecorder {

  /** Records one effect. Never throws. */
  void record(SideEffect effect);

  /** A snapshot of what was recorded so far. */
  SideEffectReport report();
}
