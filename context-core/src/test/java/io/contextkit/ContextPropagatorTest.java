package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InboundTrust;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.TraceParent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextPropagatorTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  private static final InboundPeer STRANGER = InboundPeer.ofAddress("203.0.113.9");
  private static final InboundPeer SIDECAR = InboundPeer.ofAddress("10.1.2.3");
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final TrustPolicy policy =
      TrustPolicy.builder()
          .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
          .internalHosts(InternalHosts.of("*.svc.cluster.local"))
          .signingKeys(SigningKeys.of("k1", SECRET))
          .build();
  private final ContextPropagator propagator =
      ContextPropagator.builder().trustPolicy(policy).build();

  private static Headers fullContextHeaders() {
    return new Headers()
        .add("traceparent", TRACEPARENT)
        .add("tracestate", "congo=t61rcWkgMzE")
        .add("X-Request-Id", "req-123")
        .add("baggage", "user_id=alice,account_id=acme,tester=true,license=gold,team=blue");
  }

  @Test
  void noHeadersStartANewTraceWithAGeneratedRequestId() {
    InboundContext in = propagator.extract(new Headers(), Headers.GETTER, STRANGER);
    RequestContext ctx = in.context();
    assertThat(ContextField.TRACE_ID.isValid(ctx.traceId())).isTrue();
    assertThat(ContextField.PARENT_ID.isValid(ctx.parentId())).isTrue();
    assertThat(ContextField.REQUEST_ID.isValid(ctx.requestId())).isTrue();
    assertThat(ctx.userId()).isNull();
    assertThat(in.remoteParent()).isNull();
    assertThat(in.traceRestarted()).isFalse();
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.NOT_REQUESTED);
  }

  @Test
  void trustedPeerIsContinuedWithANewParentIdAndItsFieldsAccepted() {
    InboundContext in = propagator.extract(fullContextHeaders(), Headers.GETTER, SIDECAR);
    RequestContext ctx = in.context();

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.TRUSTED_PEER);
    assertThat(ctx.traceId()).isEqualTo(TRACE_ID);
    assertThat(ctx.parentId()).isNotEqualTo("00f067aa0ba902b7");
    assertThat(ctx.traceFlags()).isEqualTo((byte) 1);
    assertThat(ctx.traceState()).isEqualTo("congo=t61rcWkgMzE");
    assertThat(ctx.requestId()).isEqualTo("req-123");
    assertThat(ctx.userId()).isEqualTo("alice");
    assertThat(ctx.accountId()).isEqualTo("acme");
    assertThat(ctx.tester()).isTrue();
    assertThat(ctx.license()).isEqualTo("gold");
    assertThat(in.otherBaggage().get("team")).isEqualTo("blue");
    assertThat(in.otherBaggage().get("user_id")).isNull();
  }

  @Test
  void untrustedBaggageUserIdAdminNeverYieldsUserIdAdmin() {
    long before = ContextKit.counters().get(Counter.UNTRUSTED_FIELDS_DROPPED);
    Headers forged =
        new Headers()
            .add(
                "baggage",
                "user_id=admin,account_id=root,tester=true,license=enterprise,request_type=STANDARD");

    RequestContext ctx = propagator.extract(forged, Headers.GETTER, STRANGER).context();

    assertThat(ctx.userId()).isNull();
    assertThat(ctx.accountId()).isNull();
    assertThat(ctx.tester()).isFalse();
    assertThat(ctx.license()).isNull();
    assertThat(ContextKit.counters().get(Counter.UNTRUSTED_FIELDS_DROPPED)).isEqualTo(before + 5);
  }

  @Test
  void untrustedRequestIdIsReplacedByAGeneratedOne() {
    RequestContext ctx =
        propagator.extract(fullContextHeaders(), Headers.GETTER, STRANGER).context();
    assertThat(ctx.requestId()).isNotEqualTo("req-123");
    assertThat(ContextField.REQUEST_ID.isValid(ctx.requestId())).isTrue();
  }

  @Test
  void untrustedTraceparentRestartsTheTraceKeepingTheCallerAsALink() {
    long dropped = ContextKit.counters().get(Counter.TRACESTATE_DROPPED);
    InboundContext in = propagator.extract(fullContextHeaders(), Headers.GETTER, STRANGER);

    assertThat(in.context().traceId()).isNotEqualTo(TRACE_ID);
    assertThat(in.traceRestarted()).isTrue();
    assertThat(in.remoteParent()).isNotNull();
    assertThat(in.remoteParent().traceId()).isEqualTo(TRACE_ID);
    assertThat(in.context().traceState()).isEmpty();
    assertThat(ContextKit.counters().get(Counter.TRACESTATE_DROPPED)).isEqualTo(dropped + 1);
  }

  @Test
  void untrustedTraceparentInContinueModeKeepsTheTraceButNotTheSampledFlag() {
    ContextPropagator continuing =
        ContextPropagator.builder()
            .trustPolicy(TrustPolicy.builder().untrustedTraceIdMode(TraceIdMode.CONTINUE).build())
            .build();
    InboundContext in = continuing.extract(fullContextHeaders(), Headers.GETTER, STRANGER);

    assertThat(in.context().traceId()).isEqualTo(TRACE_ID);
    assertThat(in.traceRestarted()).isFalse();
    assertThat(in.context().traceFlags() & TraceParent.FLAG_SAMPLED).isZero();
    assertThat(in.context().userId()).isNull();
  }

  @Test
  void invalidTraceparentRestartsAndDropsTracestate() {
    long invalid = ContextKit.counters().get(Counter.TRACEPARENT_INVALID);
    Headers headers =
        new Headers()
            .add("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01-extra")
            .add("tracestate", "congo=t61rcWkgMzE");

    InboundContext in = propagator.extract(headers, Headers.GETTER, SIDECAR);

    assertThat(in.context().traceId()).isNotEqualTo(TRACE_ID);
    assertThat(in.context().traceState()).isEmpty();
    assertThat(in.remoteParent()).isNull();
    assertThat(ContextKit.counters().get(Counter.TRACEPARENT_INVALID)).isEqualTo(invalid + 1);
  }

  @Test
  void duplicateTraceparentHeadersRestartTheTrace() {
    Headers headers = new Headers().add("traceparent", TRACEPARENT).add("traceparent", TRACEPARENT);
    assertThat(propagator.extract(headers, Headers.GETTER, SIDECAR).context().traceId())
        .isNotEqualTo(TRACE_ID);
  }

  @Test
  void signedContextFromAnotherServiceIsAcceptedFromAnUntrustedAddress() {
    RequestContext upstream =
        RequestContext.builder()
            .traceId(TRACE_ID)
            .parentId("00f067aa0ba902b7")
            .requestId("req-9")
            .userId("alice")
            .accountId("acme")
            .license("gold")
            .requestType(RequestType.TRACE)
            .build();
    Headers wire = new Headers();
    propagator.inject(upstream, wire, Headers.SETTER, OutboundPolicy.FULL);

    InboundContext in = propagator.extract(wire, Headers.GETTER, STRANGER);

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.VALID_SIGNATURE);
    RequestContext ctx = in.context();
    assertThat(ctx.traceId()).isEqualTo(TRACE_ID);
    assertThat(ctx.requestId()).isEqualTo("req-9");
    assertThat(ctx.userId()).isEqualTo("alice");
    assertThat(ctx.accountId()).isEqualTo("acme");
    assertThat(ctx.license()).isEqualTo("gold");
    assertThat(ctx.isTrace()).isTrue();
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
  }

  @Test
  void signedContextWithAForgedUserIsRejectedAndCounted() {
    long invalid = ContextKit.counters().get(Counter.SIGNATURE_INVALID);
    RequestContext upstream =
        RequestContext.builder().traceId(TRACE_ID).requestId("req-9").userId("alice").build();
    Headers wire = new Headers();
    propagator.inject(upstream, wire, Headers.SETTER, OutboundPolicy.FULL);
    wire.set("baggage", wire.get("baggage").replace("alice", "admin"));

    InboundContext in = propagator.extract(wire, Headers.GETTER, STRANGER);

    assertThat(in.trust().accepted()).isFalse();
    assertThat(in.context().userId()).isNull();
    assertThat(ContextKit.counters().get(Counter.SIGNATURE_INVALID)).isEqualTo(invalid + 1);
  }

  @Test
  void signatureFromAnotherDeploymentIsRejected() {
    ContextPropagator other =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .signingKeys(
                        SigningKeys.of(
                            "k1",
                            "another-secret-of-32-bytes-long!!"
                                .getBytes(StandardCharsets.US_ASCII)))
                    .build())
            .build();
    Headers wire = new Headers();
    other.inject(
        RequestContext.builder().traceId(TRACE_ID).userId("alice").build(),
        wire,
        Headers.SETTER,
        OutboundPolicy.FULL);
    assertThat(propagator.extract(wire, Headers.GETTER, STRANGER).context().userId()).isNull();
  }

  @Test
  void traceRequestedByATrustedHopIsAccepted() {
    Headers headers = new Headers().add("baggage", "request_type=TRACE");
    InboundContext in = propagator.extract(headers, Headers.GETTER, SIDECAR);
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
    assertThat(in.context().isTrace()).isTrue();
  }

  @Test
  void traceRequestedByAnUntrustedHopIsRefusedNotRunAsStandardSilently() {
    Headers headers = new Headers().add("baggage", "request_type=TRACE");
    InboundContext in = propagator.extract(headers, Headers.GETTER, STRANGER);
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.UNTRUSTED);
    assertThat(in.context().isTrace()).isFalse();
  }

  @Test
  void malformedRequestTypeIsReportedWhoeverSendsIt() {
    for (InboundPeer peer : new InboundPeer[] {SIDECAR, STRANGER}) {
      Headers headers = new Headers().add("baggage", "request_type=TRACEX");
      InboundContext in = propagator.extract(headers, Headers.GETTER, peer);
      assertThat(in.traceActivation()).isEqualTo(TraceActivation.MALFORMED);
      assertThat(in.context().isTrace()).isFalse();
    }
  }

  @Test
  void invalidFieldValueFromTrustedPeerIsDroppedAndCounted() {
    long invalid = ContextKit.counters().get(Counter.FIELD_INVALID);
    Headers headers =
        new Headers().add("baggage", "user_id=eve%0Aforged,license=gold%20plan,account_id=acme");
    RequestContext ctx = propagator.extract(headers, Headers.GETTER, SIDECAR).context();
    assertThat(ctx.userId()).isNull();
    assertThat(ctx.license()).isNull();
    assertThat(ctx.accountId()).isEqualTo("acme");
    assertThat(ContextKit.counters().get(Counter.FIELD_INVALID))
        .isGreaterThanOrEqualTo(invalid + 1);
  }

  @Test
  void invalidRequestIdIsCountedAndReplaced() {
    long invalid = ContextKit.counters().get(Counter.REQUEST_ID_INVALID);
    Headers headers = new Headers().add("x-request-id", "bad id with spaces");
    RequestContext ctx = propagator.extract(headers, Headers.GETTER, SIDECAR).context();
    assertThat(ctx.requestId()).isNotEqualTo("bad id with spaces");
    assertThat(ContextKit.counters().get(Counter.REQUEST_ID_INVALID)).isEqualTo(invalid + 1);
  }

  @Test
  void oversizedBaggageIsCappedAndCountedNeverThrown() {
    long dropped = ContextKit.counters().get(Counter.BAGGAGE_DROPPED_ENTRIES);
    StringBuilder big = new StringBuilder("user_id=alice");
    for (int i = 0; i < 500; i++) {
      big.append(",k").append(i).append('=').append("v".repeat(40));
    }
    RequestContext ctx =
        propagator
            .extract(new Headers().add("baggage", big.toString()), Headers.GETTER, SIDECAR)
            .context();
    assertThat(ctx.userId()).isEqualTo("alice");
    assertThat(ContextKit.counters().get(Counter.BAGGAGE_DROPPED_ENTRIES)).isGreaterThan(dropped);
  }

  @Test
  void internalHostsGetTheFullContext() {
    RequestContext ctx =
        propagator.extract(fullContextHeaders(), Headers.GETTER, SIDECAR).context();
    Headers out = new Headers();
    propagator.inject(
        ctx, out, Headers.SETTER, URI.create("http://inventory.svc.cluster.local/reservations"));

    TraceParent sent = TraceParent.parse(out.get("traceparent"));
    assertThat(sent.traceId()).isEqualTo(TRACE_ID);
    assertThat(out.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
    assertThat(out.get("x-request-id")).isEqualTo("req-123");
    assertThat(out.get("baggage"))
        .contains("user_id=alice")
        .contains("account_id=acme")
        .contains("tester=true");
    assertThat(out.get("contextkit-signature")).startsWith("v1;kid=k1;");
  }

  @Test
  void thirdPartiesGetTheTraceContextHeadersAndNothingElse() {
    RequestContext ctx =
        propagator.extract(fullContextHeaders(), Headers.GETTER, SIDECAR).context();
    Headers out = new Headers();
    propagator.inject(
        ctx, out, Headers.SETTER, URI.create("https://api.payments.example.com/charges"));

    assertThat(out.map.keySet()).containsExactly("traceparent", "tracestate");
    assertThat(TraceParent.parse(out.get("traceparent")).traceId()).isEqualTo(TRACE_ID);
    assertThat(out.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
  }

  @Test
  void thirdPartiesConfiguredForTraceparentOnlyGetNoTracestate() {
    ContextPropagator sparing =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
                    .thirdPartyPolicy(OutboundPolicy.TRACEPARENT_ONLY)
                    .build())
            .build();
    RequestContext ctx = sparing.extract(fullContextHeaders(), Headers.GETTER, SIDECAR).context();
    Headers out = new Headers();
    sparing.inject(
        ctx, out, Headers.SETTER, URI.create("https://api.payments.example.com/charges"));

    assertThat(ctx.traceState()).isEqualTo("congo=t61rcWkgMzE");
    assertThat(out.map.keySet()).containsExactly("traceparent");
  }

  @Test
  void policyNoneAndTheEmptyContextWriteNothing() {
    RequestContext ctx =
        propagator.extract(fullContextHeaders(), Headers.GETTER, SIDECAR).context();
    Headers none = new Headers();
    propagator.inject(ctx, none, Headers.SETTER, OutboundPolicy.NONE);
    Headers empty = new Headers();
    propagator.inject(RequestContext.empty(), empty, Headers.SETTER, OutboundPolicy.FULL);
    assertThat(none.map).isEmpty();
    assertThat(empty.map).isEmpty();
  }

  @Test
  void everyOutboundCallGetsItsOwnParentIdInOneTrace() {
    RequestContext ctx =
        propagator.extract(fullContextHeaders(), Headers.GETTER, SIDECAR).context();
    Set<String> parents = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Headers out = new Headers();
      propagator.inject(ctx, out, Headers.SETTER, OutboundPolicy.TRACEPARENT_ONLY);
      TraceParent sent = TraceParent.parse(out.get("traceparent"));
      assertThat(sent.traceId()).isEqualTo(TRACE_ID);
      parents.add(sent.parentId());
    }
    assertThat(parents).hasSize(3).doesNotContain(ctx.parentId(), "00f067aa0ba902b7");
  }

  @Test
  void renamedBaggageEntriesTravelUnderTheirNewNames() {
    ContextPropagator renamed =
        ContextPropagator.builder()
            .trustPolicy(policy)
            .baggageName(ContextField.USER_ID, "uid")
            .build();
    Headers out = new Headers();
    renamed.inject(
        RequestContext.builder().traceId(TRACE_ID).userId("alice").build(),
        out,
        Headers.SETTER,
        OutboundPolicy.FULL);
    assertThat(out.get("baggage")).contains("uid=alice").doesNotContain("user_id");
    assertThat(renamed.extract(out, Headers.GETTER, SIDECAR).context().userId()).isEqualTo("alice");
  }

  @Test
  void builderRejectsInvalidSettings() {
    assertThatThrownBy(() -> ContextPropagator.builder().baggageName(ContextField.TRACE_ID, "t"))
        .hasMessage("trace_id does not travel as baggage");
    assertThatThrownBy(
            () -> ContextPropagator.builder().baggageName(ContextField.USER_ID, "user id"))
        .hasMessage("baggage name for user_id is not a valid token");
    assertThatThrownBy(
            () ->
                ContextPropagator.builder().baggageName(ContextField.USER_ID, "account_id").build())
        .hasMessageContaining("used for both");
    assertThatThrownBy(() -> ContextPropagator.builder().requestIdHeader("x request"))
        .hasMessage("requestIdHeader is not a valid header name");
  }

  @Test
  void claimedFieldsAreWhatExtractChecksTheSignatureAgainst() {
    Headers headers =
        fullContextHeaders().add("baggage", "request_type=TRACE,user_id=%F0%9F%98%80");
    SignedFields claims = propagator.claimedFields(headers, Headers.GETTER);
    // A repeated user_id: the later entry counts, as in extract; values are percent-decoded.
    assertThat(claims)
        .isEqualTo(
            new SignedFields(TRACE_ID, "req-123", "\uD83D\uDE00", "acme", true, "gold", "TRACE"));

    headers.add(
        "contextkit-signature", ContextSignature.create(SigningKeys.of("k1", SECRET)).sign(claims));
    InboundContext in = propagator.extract(headers, Headers.GETTER, STRANGER);
    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.VALID_SIGNATURE);
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
  }

  @Test
  void claimedFieldsLeaveOutAnInvalidTraceparentAndRequestId() {
    Headers headers =
        new Headers()
            .add("traceparent", "00-" + TRACE_ID + "-0000000000000000-01")
            .add("X-Request-Id", "has space")
            .add("baggage", "tester=yes");
    assertThat(propagator.claimedFields(headers, Headers.GETTER)).isEqualTo(SignedFields.empty());
  }

  @Test
  void namesItsRequestIdAndSignatureHeaders() {
    assertThat(propagator.signatureHeader()).isEqualTo("contextkit-signature");
    assertThat(propagator.requestIdHeader()).isEqualTo("x-request-id");
    ContextPropagator renamed =
        ContextPropagator.builder()
            .signatureHeader("X-Ctx-Sig")
            .requestIdHeader("X-Correlation-Id")
            .build();
    assertThat(renamed.signatureHeader()).isEqualTo("x-ctx-sig");
    assertThat(renamed.requestIdHeader()).isEqualTo("x-correlation-id");
  }
}
