package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import org.junit.jupiter.api.Test;

class InboundContextTest {

  private final ContextPropagator propagator =
      ContextPropagator.builder()
          .trustPolicy(
              TrustPolicy.builder()
                  .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
                  .build())
          .build();

  @Test
  void identityFillsFieldsTheHopDidNotSupply() {
    InboundContext in =
        propagator.extract(new Headers(), Headers.GETTER, InboundPeer.ofAddress("203.0.113.1"));
    InboundContext resolved = in.withIdentity(new Identity("alice", "acme", true, "gold", false));
    assertThat(resolved.context().userId()).isEqualTo("alice");
    assertThat(resolved.context().accountId()).isEqualTo("acme");
    assertThat(resolved.context().tester()).isTrue();
    assertThat(resolved.context().license()).isEqualTo("gold");
    assertThat(resolved.context().sameRequestAs(in.context())).isTrue();
    assertThat(resolved.context().requestId()).isEqualTo(in.context().requestId());
  }

  @Test
  void trustedHopsUserWinsOverTheServicePrincipal() {
    Headers headers = new Headers().add("baggage", "user_id=alice");
    InboundContext in =
        propagator.extract(headers, Headers.GETTER, InboundPeer.ofAddress("10.0.0.7"));
    InboundContext resolved = in.withIdentity(new Identity("svc-orders", null, false, null, false));
    assertThat(resolved.context().userId()).isEqualTo("alice");
  }

  @Test
  void untrustedTraceIsAcceptedOnlyForCallersHoldingThePermission() {
    Headers headers = new Headers().add("baggage", "request_type=TRACE");
    InboundContext in =
        propagator.extract(headers, Headers.GETTER, InboundPeer.ofAddress("203.0.113.1"));
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.UNTRUSTED);

    InboundContext without = in.withIdentity(new Identity("bob", null, false, null, false));
    InboundContext with = in.withIdentity(new Identity("qa-bot", null, true, null, true));

    assertThat(without.traceActivation()).isEqualTo(TraceActivation.UNTRUSTED);
    assertThat(without.context().isTrace()).isFalse();
    assertThat(with.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
    assertThat(with.context().isTrace()).isTrue();
  }

  @Test
  void permissionNeverTurnsAStandardRequestIntoTrace() {
    InboundContext in =
        propagator.extract(new Headers(), Headers.GETTER, InboundPeer.ofAddress("203.0.113.1"));
    InboundContext resolved = in.withIdentity(new Identity("qa-bot", null, true, null, true));
    assertThat(resolved.context().isTrace()).isFalse();
    assertThat(resolved.traceActivation()).isEqualTo(TraceActivation.NOT_REQUESTED);
  }

  @Test
  void identityThatAddsNothingKeepsTheSameInboundContext() {
    Headers headers = new Headers().add("baggage", "user_id=alice,account_id=acme");
    InboundContext trusted =
        propagator.extract(headers, Headers.GETTER, InboundPeer.ofAddress("10.0.0.7"));
    InboundContext anonymous =
        propagator.extract(new Headers(), Headers.GETTER, InboundPeer.ofAddress("203.0.113.1"));

    assertThat(anonymous.withIdentity(Identity.anonymous())).isSameAs(anonymous);
    assertThat(trusted.withIdentity(new Identity("bob", "other", false, null, false)))
        .isSameAs(trusted);
    assertThat(trusted.withIdentity(new Identity("bob", null, false, "gold", false)))
        .isNotSameAs(trusted)
        .satisfies(d -> assertThat(d.context().license()).isEqualTo("gold"));
    assertThat(
            anonymous.withIdentity(new Identity(null, null, true, null, false)).context().tester())
        .isTrue();
  }

  @Test
  void identityValidatesItsFields() {
    assertThatThrownBy(() -> new Identity("a\nb", null, false, null, false))
        .hasMessage("invalid user_id");
    assertThatThrownBy(() -> new Identity(null, null, false, "gold plan", false))
        .hasMessage("invalid license");
  }

  @Test
  void foreignBaggageIsEveryEntryButOursAndSurvivesTheIdentity() {
    Headers headers =
        new Headers()
            .add("baggage", "user_id=alice,team=blue,request_type=STANDARD")
            .add("baggage", "account_id=acme,region=eu");
    InboundContext in =
        propagator.extract(headers, Headers.GETTER, InboundPeer.ofAddress("10.0.0.7"));
    InboundContext resolved = in.withIdentity(new Identity("svc", "other", false, "gold", false));

    assertThat(resolved).isNotSameAs(in);
    for (InboundContext context : new InboundContext[] {resolved, in}) {
      assertThat(context.otherBaggage().entries())
          .extracting(io.contextkit.w3c.Baggage.Entry::key)
          .containsExactly("team", "region");
    }
    assertThat(in.otherBaggage()).isSameAs(in.otherBaggage());
  }

  @Test
  void comparesAndPrintsLikeARecordOfItsSixComponents() {
    Headers headers = new Headers().add("baggage", "user_id=alice,team=blue");
    InboundContext in =
        propagator.extract(headers, Headers.GETTER, InboundPeer.ofAddress("10.0.0.7"));
    InboundContext copy =
        new InboundContext(
            in.context(),
            in.trust(),
            in.remoteParent(),
            in.traceRestarted(),
            in.traceActivation(),
            io.contextkit.w3c.Baggage.empty().with("team", "blue"));
    InboundContext other =
        new InboundContext(
            in.context(),
            in.trust(),
            in.remoteParent(),
            in.traceRestarted(),
            in.traceActivation(),
            io.contextkit.w3c.Baggage.empty());

    assertThat(copy).isEqualTo(in).hasSameHashCodeAs(in);
    assertThat(in).isEqualTo(copy);
    assertThat(other).isNotEqualTo(in);
    assertThat(in.toString())
        .startsWith("InboundContext[context=RequestContext{")
        .contains(", traceActivation=NOT_REQUESTED, otherBaggage=")
        .endsWith("]");
    assertThatThrownBy(
            () ->
                new InboundContext(
                    in.context(), in.trust(), null, false, in.traceActivation(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("otherBaggage");
  }
}
