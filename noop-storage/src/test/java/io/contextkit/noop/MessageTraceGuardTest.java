package io.contextkit.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.MessageTraceGuard.Action;
import org.junit.jupiter.api.Test;

class MessageTraceGuardTest {

  private final MessageTraceGuard guard =
      MessageTraceGuard.withInternalDestinations("orders", "internal.*", "*.events", "a*b*c");

  @Test
  void standardMessagesProceedAndRecordNothing() {
    RequestContext standard = Requests.standard();
    assertThat(guard.decide(standard, "anything")).isEqualTo(Action.PROCEED);
    assertThat(standard.sideEffects().report().isEmpty()).isTrue();
  }

  @Test
  void internalDestinationsAreForwardedAsTraceAndOthersCaptured() {
    RequestContext trace = Requests.trace();
    assertThat(guard.decide(trace, "orders")).isEqualTo(Action.FORWARD_AS_TRACE);
    assertThat(guard.decide(trace, "internal.audit")).isEqualTo(Action.FORWARD_AS_TRACE);
    assertThat(guard.decide(trace, "billing.events")).isEqualTo(Action.FORWARD_AS_TRACE);
    assertThat(guard.decide(trace, "axxbyyc")).isEqualTo(Action.FORWARD_AS_TRACE);
    assertThat(guard.decide(trace, "orders2")).isEqualTo(Action.CAPTURE);
    assertThat(guard.decide(trace, "internal")).isEqualTo(Action.CAPTURE);
    assertThat(guard.decide(trace, "axxbyy")).isEqualTo(Action.CAPTURE);
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.MESSAGE)).isEqualTo(7);
  }

  @Test
  void alwaysCapturedDestinationsAreCapturedUnderTraceEvenWhenInternal() {
    MessageTraceGuard capturing = guard.alsoCapturing("orders", "internal.audit*");
    RequestContext trace = Requests.trace();
    assertThat(capturing.decide(trace, "orders")).isEqualTo(Action.CAPTURE);
    assertThat(capturing.decide(trace, "internal.audit")).isEqualTo(Action.CAPTURE);
    assertThat(capturing.decide(trace, "internal.billing")).isEqualTo(Action.FORWARD_AS_TRACE);
    assertThat(capturing.decide(Requests.standard(), "orders")).isEqualTo(Action.PROCEED);
    assertThat(guard.decide(Requests.trace(), "orders"))
        .as("the original guard is unchanged")
        .isEqualTo(Action.FORWARD_AS_TRACE);
    assertThatThrownBy(() -> guard.alsoCapturing("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void captureAllCapturesEverythingUnderTrace() {
    assertThat(MessageTraceGuard.captureAll().decide(Requests.trace(), "orders"))
        .isEqualTo(Action.CAPTURE);
    assertThatThrownBy(() -> MessageTraceGuard.withInternalDestinations(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
