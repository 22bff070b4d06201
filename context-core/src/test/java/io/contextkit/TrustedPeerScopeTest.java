package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InboundTrust;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeerScope;
import io.contextkit.trust.TrustedPeers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A trusted peer limited to {@link TrustedPeerScope#TRACE_AND_REQUEST_ID} may start a TRACE request
 * and name its request id; the identity it claims is dropped, unless it signs the context.
 */
class TrustedPeerScopeTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final InboundPeer QA_BOX = InboundPeer.ofAddress("10.1.2.3");
  private static final InboundPeer STRANGER = InboundPeer.ofAddress("203.0.113.9");
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static ContextPropagator propagator(TrustedPeerScope scope) {
    return ContextPropagator.builder()
        .trustPolicy(
            TrustPolicy.builder()
                .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
                .trustedPeerScope(scope)
                .signingKeys(SigningKeys.of("k1", SECRET))
                .build())
        .build();
  }

  private static Headers traceAskWithIdentity() {
    return new Headers()
        .add("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
        .add("X-Request-Id", "qa-run-7")
        .add(
            "baggage", "request_type=TRACE,user_id=admin,account_id=root,tester=true,license=gold");
  }

  @Test
  void aLimitedPeerGetsTraceAndItsRequestIdButNoIdentityField() {
    long dropped = ContextKit.counters().get(Counter.UNTRUSTED_FIELDS_DROPPED);

    InboundContext in =
        propagator(TrustedPeerScope.TRACE_AND_REQUEST_ID)
            .extract(traceAskWithIdentity(), Headers.GETTER, QA_BOX);
    RequestContext ctx = in.context();

    assertThat(in.trust().reason())
        .isEqualTo(InboundTrust.Reason.TRUSTED_PEER_TRACE_AND_REQUEST_ID);
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
    assertThat(ctx.requestType()).isEqualTo(RequestType.TRACE);
    assertThat(ctx.requestId()).isEqualTo("qa-run-7");
    assertThat(ctx.userId()).isNull();
    assertThat(ctx.accountId()).isNull();
    assertThat(ctx.tester()).isFalse();
    assertThat(ctx.license()).isNull();
    // The trace follows the untrusted mode (restart by default): it is not identity, but the
    // peer does not vouch for it either.
    assertThat(ctx.traceId()).isNotEqualTo(TRACE_ID);
    assertThat(ContextKit.counters().get(Counter.UNTRUSTED_FIELDS_DROPPED)).isEqualTo(dropped + 4);
  }

  @Test
  void aFullyTrustedPeerStillGetsEveryField() {
    RequestContext ctx =
        propagator(TrustedPeerScope.ALL_FIELDS)
            .extract(traceAskWithIdentity(), Headers.GETTER, QA_BOX)
            .context();

    assertThat(ctx.requestType()).isEqualTo(RequestType.TRACE);
    assertThat(ctx.requestId()).isEqualTo("qa-run-7");
    assertThat(ctx.userId()).isEqualTo("admin");
    assertThat(ctx.accountId()).isEqualTo("root");
    assertThat(ctx.traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void anAddressOutsideTheLimitedPeersGetsNeitherTraceNorItsRequestId() {
    InboundContext in =
        propagator(TrustedPeerScope.TRACE_AND_REQUEST_ID)
            .extract(traceAskWithIdentity(), Headers.GETTER, STRANGER);

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.UNTRUSTED);
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.UNTRUSTED);
    assertThat(in.context().requestType()).isEqualTo(RequestType.STANDARD);
    assertThat(in.context().requestId()).isNotEqualTo("qa-run-7");
    assertThat(in.context().userId()).isNull();
  }

  @Test
  void aLimitedPeerThatSignsItsContextIsTrustedInFull() {
    String signature =
        ContextSignature.create(SigningKeys.of("k1", SECRET))
            .sign(new SignedFields(TRACE_ID, "qa-run-7", "bob", "acme", false, null, "TRACE"));
    Headers headers =
        new Headers()
            .add("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .add("X-Request-Id", "qa-run-7")
            .add("baggage", "request_type=TRACE,user_id=bob,account_id=acme")
            .add("contextkit-signature", signature);

    InboundContext in =
        propagator(TrustedPeerScope.TRACE_AND_REQUEST_ID).extract(headers, Headers.GETTER, QA_BOX);

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.VALID_SIGNATURE);
    assertThat(in.context().userId()).isEqualTo("bob");
    assertThat(in.context().requestType()).isEqualTo(RequestType.TRACE);
  }

  @Test
  void aLimitedPeerWithABadSignatureIsCountedAndStillLimited() {
    long invalid = ContextKit.counters().get(Counter.SIGNATURE_INVALID);
    Headers headers = traceAskWithIdentity().add("contextkit-signature", "v1.k1.garbage");

    InboundContext in =
        propagator(TrustedPeerScope.TRACE_AND_REQUEST_ID).extract(headers, Headers.GETTER, QA_BOX);

    assertThat(in.trust().reason())
        .isEqualTo(InboundTrust.Reason.TRUSTED_PEER_TRACE_AND_REQUEST_ID);
    assertThat(in.trust().signatureFailure()).isNotNull();
    assertThat(in.context().userId()).isNull();
    assertThat(in.context().requestType()).isEqualTo(RequestType.TRACE);
    assertThat(ContextKit.counters().get(Counter.SIGNATURE_INVALID)).isEqualTo(invalid + 1);
  }
}
