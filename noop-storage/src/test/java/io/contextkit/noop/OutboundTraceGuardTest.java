package io.contextkit.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.noop.OutboundTraceGuard.Action;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.TrustPolicy;
import java.net.URI;
import org.junit.jupiter.api.Test;

class OutboundTraceGuardTest {

  private final OutboundTraceGuard guard =
      OutboundTraceGuard.builder(
              ContextPropagator.builder()
                  .trustPolicy(
                      TrustPolicy.builder()
                          .internalHosts(InternalHosts.of("*.svc.cluster.local"))
                          .build())
                  .build())
          .safeThirdParties("maps.example.com")
          .syntheticResponse(
              "*.stripe.example", SyntheticResponse.of(200, "text/plain", new byte[] {'x'}))
          .syntheticResponse(
              "api.stripe.example", SyntheticResponse.of(500, "text/plain", new byte[0]))
          .build();

  @Test
  void standardRequestsProceedUntouchedAndRecordNothing() {
    RequestContext standard = Requests.standard();
    assertThat(guard.decide(standard, "POST", URI.create("https://api.stripe.example/c")).action())
        .isEqualTo(Action.PROCEED);
    assertThat(standard.sideEffects().report().isEmpty()).isTrue();
    assertThat(guard.decide(RequestContext.empty(), "POST", URI.create("https://x.test")).action())
        .isEqualTo(Action.PROCEED);
  }

  @Test
  void decidesByDestinationUnderTrace() {
    RequestContext trace = Requests.trace();
    assertThat(guard.decide(trace, "GET", URI.create("http://orders.svc.cluster.local/a")).action())
        .isEqualTo(Action.SEND_AS_TRACE);
    assertThat(guard.decide(trace, "GET", URI.create("https://maps.example.com/geo")).action())
        .isEqualTo(Action.CALL_SAFE_THIRD_PARTY);
    OutboundTraceGuard.Decision first =
        guard.decide(trace, "POST", URI.create("https://api.stripe.example/charges"));
    assertThat(first.action()).isEqualTo(Action.SUPPRESS);
    assertThat(first.syntheticResponse().status()).as("first matching pattern wins").isEqualTo(200);
    assertThat(guard.decide(trace, "DELETE", URI.create("https://evil.test/x")).syntheticResponse())
        .isEqualTo(SyntheticResponse.accepted());
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.HTTP_CALL)).isEqualTo(3);
  }

  @Test
  void acknowledgementMustBeExactlyTraceApplied() throws Exception {
    RequestContext trace = Requests.trace();
    URI uri = URI.create("http://orders.svc.cluster.local/a");
    OutboundTraceGuard.Decision decision = guard.decide(trace, "POST", uri);
    guard.checkAcknowledged(trace, decision, "POST", uri, 200, " Request_Type=TRACE ");
    assertThatThrownBy(() -> guard.checkAcknowledged(trace, decision, "POST", uri, 200, null))
        .isInstanceOf(TraceNotAcknowledgedException.class);
    assertThatThrownBy(
            () ->
                guard.checkAcknowledged(trace, decision, "POST", uri, 200, "request_type=STANDARD"))
        .isInstanceOf(TraceNotAcknowledgedException.class);
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.VIOLATION)).isEqualTo(2);
  }

  @Test
  void syntheticResponsesAreMarkedAndValidated() {
    assertThat(SyntheticResponse.accepted().status()).isEqualTo(202);
    assertThat(SyntheticResponse.accepted().headers())
        .containsEntry("trace-suppressed", java.util.List.of("true"));
    assertThatThrownBy(() -> SyntheticResponse.of(99, "text/plain", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> OutboundTraceGuard.builder(ContextPropagator.defaults()).safeThirdParties("a*b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
