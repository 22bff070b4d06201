package io.contextkit.trust;

import static io.contextkit.trust.TestKeys.CLOCK;
import static io.contextkit.trust.TestKeys.FIELDS;
import static io.contextkit.trust.TestKeys.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TrustPolicyTest {

  private static final InboundPeer TRUSTED = new InboundPeer("10.0.0.5", null);
  private static final InboundPeer TRUSTED_BY_NAME = new InboundPeer("203.0.113.7", "gateway");
  private static final InboundPeer STRANGER = new InboundPeer("203.0.113.7", null);

  private final SigningKeys keys = SigningKeys.of("k1", secret("one"));
  private final ContextSignature signature = TestKeys.signature(keys, CLOCK);
  private final TrustPolicy policy =
      TrustPolicy.builder()
          .signature(signature)
          .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").name("gateway").build())
          .internalHosts(InternalHosts.of("*.svc.cluster.local"))
          .build();

  @Test
  void trustsTrustedPeerWithoutSignature() {
    assertThat(policy.evaluate(TRUSTED, null, FIELDS)).isEqualTo(InboundTrust.trustedPeer());
    assertThat(policy.evaluate(TRUSTED_BY_NAME, null, FIELDS).reason())
        .isEqualTo(InboundTrust.Reason.TRUSTED_PEER);
  }

  @Test
  void trustsTrustedPeerWhateverSignatureItSends() {
    InboundTrust trust = policy.evaluate(TRUSTED, "garbage", FIELDS);

    assertThat(trust.accepted()).isTrue();
    assertThat(trust.reason()).isEqualTo(InboundTrust.Reason.TRUSTED_PEER);
    assertThat(trust.signatureFailure()).isNull();
  }

  @Test
  void trustsUntrustedPeerWithValidSignatureOverExactlyTheClaimedFields() {
    InboundTrust trust = policy.evaluate(STRANGER, signature.sign(FIELDS), FIELDS);

    assertThat(trust.accepted()).isTrue();
    assertThat(trust.reason()).isEqualTo(InboundTrust.Reason.VALID_SIGNATURE);
    assertThat(trust.signatureFailure()).isNull();
  }

  @Test
  void refusesValidSignatureOverOtherFieldsWithReason() {
    SignedFields escalated =
        new SignedFields(
            FIELDS.traceId(),
            FIELDS.requestId(),
            "admin",
            FIELDS.accountId(),
            FIELDS.tester(),
            FIELDS.license(),
            FIELDS.requestType());

    InboundTrust trust = policy.evaluate(STRANGER, signature.sign(FIELDS), escalated);

    assertThat(trust.accepted()).isFalse();
    assertThat(trust).isEqualTo(InboundTrust.untrusted(SignatureFailure.BAD_SIGNATURE));
  }

  @Test
  void refusesUntrustedPeerWithInvalidSignaturesAndSaysWhy() {
    String valid = signature.sign(FIELDS);

    assertThat(policy.evaluate(STRANGER, "v1;kid=k1;nonsense", FIELDS))
        .isEqualTo(InboundTrust.untrusted(SignatureFailure.MALFORMED));
    assertThat(policy.evaluate(STRANGER, valid.replace("kid=k1", "kid=k7"), FIELDS))
        .isEqualTo(InboundTrust.untrusted(SignatureFailure.UNKNOWN_KEY));
    assertThat(policy.evaluate(STRANGER, valid, SignedFields.empty()))
        .isEqualTo(InboundTrust.untrusted(SignatureFailure.BAD_SIGNATURE));

    TrustPolicy later =
        TrustPolicy.builder()
            .signature(TestKeys.signature(keys, TestKeys.at(TestKeys.NOW.plusSeconds(3600))))
            .build();
    assertThat(later.evaluate(STRANGER, valid, FIELDS))
        .isEqualTo(InboundTrust.untrusted(SignatureFailure.EXPIRED));
  }

  @Test
  void refusesUntrustedPeerWithoutSignatureWithoutFailureReason() {
    InboundTrust trust = policy.evaluate(STRANGER, null, FIELDS);

    assertThat(trust.accepted()).isFalse();
    assertThat(trust.reason()).isEqualTo(InboundTrust.Reason.UNTRUSTED);
    assertThat(trust.signatureFailure()).isNull();
  }

  @Test
  void refusesPeerWithUnparsableAddressAndNoName() {
    assertThat(policy.evaluate(new InboundPeer("10.0.0.5.evil.com", null), null, FIELDS).accepted())
        .isFalse();
    assertThat(policy.evaluate(new InboundPeer(null, null), null, FIELDS).accepted()).isFalse();
  }

  @Test
  void defaultsTrustNobody() {
    TrustPolicy defaults = TrustPolicy.defaults();
    String validElsewhere = signature.sign(FIELDS);

    assertThat(defaults.evaluate(new InboundPeer("127.0.0.1", "gateway"), null, FIELDS))
        .isEqualTo(InboundTrust.untrusted());
    assertThat(defaults.evaluate(InboundPeer.ofAddress("::1"), validElsewhere, FIELDS))
        .isEqualTo(InboundTrust.untrusted(SignatureFailure.UNKNOWN_KEY));
    assertThat(defaults.evaluate(InboundPeer.ofAddress("::1"), "junk", FIELDS))
        .isEqualTo(InboundTrust.untrusted(SignatureFailure.MALFORMED));
    assertThat(defaults.signature()).isEmpty();
    assertThat(defaults.trustedPeers().isEmpty()).isTrue();
    assertThat(defaults.internalHosts().isEmpty()).isTrue();
  }

  @Test
  void defaultsRestartUntrustedTracesAndSendThirdPartiesOnlyTheTraceContextHeaders() {
    TrustPolicy defaults = TrustPolicy.defaults();

    assertThat(defaults.untrustedTraceIdMode()).isEqualTo(TraceIdMode.RESTART);
    assertThat(defaults.thirdPartyPolicy()).isEqualTo(OutboundPolicy.TRACE_CONTEXT);
    assertThat(defaults.outboundPolicy("localhost", 80)).isEqualTo(OutboundPolicy.TRACE_CONTEXT);
  }

  @Test
  void continuesTrustedTracesAndAppliesConfiguredModeToUntrustedOnes() {
    TrustPolicy continuing =
        TrustPolicy.builder().untrustedTraceIdMode(TraceIdMode.CONTINUE).build();

    assertThat(policy.traceIdMode(InboundTrust.trustedPeer())).isEqualTo(TraceIdMode.CONTINUE);
    assertThat(policy.traceIdMode(InboundTrust.validSignature())).isEqualTo(TraceIdMode.CONTINUE);
    assertThat(policy.traceIdMode(InboundTrust.untrusted())).isEqualTo(TraceIdMode.RESTART);
    assertThat(continuing.traceIdMode(InboundTrust.untrusted())).isEqualTo(TraceIdMode.CONTINUE);
  }

  @Test
  void sendsFullContextToInternalHostsAndConfiguredPolicyToThirdParties() {
    TrustPolicy silent =
        TrustPolicy.builder()
            .internalHosts(InternalHosts.of("*.svc.cluster.local"))
            .thirdPartyPolicy(OutboundPolicy.NONE)
            .build();

    assertThat(policy.outboundPolicy("orders.svc.cluster.local", 8080))
        .isEqualTo(OutboundPolicy.FULL);
    assertThat(policy.outboundPolicy(URI.create("https://api.stripe.com/v1/charges")))
        .isEqualTo(OutboundPolicy.TRACE_CONTEXT);
    assertThat(policy.outboundPolicy(URI.create("http://orders.svc.cluster.local/x")))
        .isEqualTo(OutboundPolicy.FULL);
    assertThat(silent.outboundPolicy("api.stripe.com", 443)).isEqualTo(OutboundPolicy.NONE);
    assertThat(silent.outboundPolicy("orders.svc.cluster.local", 443))
        .isEqualTo(OutboundPolicy.FULL);
  }

  @Test
  void refusesToSendFullContextToThirdParties() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrustPolicy.builder().thirdPartyPolicy(OutboundPolicy.FULL))
        .withMessageContaining("internal hosts");
  }

  @Test
  void describesWhatEachOutboundPolicySends() {
    assertThat(OutboundPolicy.FULL.sendsContext()).isTrue();
    assertThat(OutboundPolicy.FULL.sendsTracestate()).isTrue();
    assertThat(OutboundPolicy.FULL.sendsTraceparent()).isTrue();
    assertThat(OutboundPolicy.TRACE_CONTEXT.sendsContext()).isFalse();
    assertThat(OutboundPolicy.TRACE_CONTEXT.sendsTracestate()).isTrue();
    assertThat(OutboundPolicy.TRACE_CONTEXT.sendsTraceparent()).isTrue();
    assertThat(OutboundPolicy.TRACEPARENT_ONLY.sendsContext()).isFalse();
    assertThat(OutboundPolicy.TRACEPARENT_ONLY.sendsTracestate()).isFalse();
    assertThat(OutboundPolicy.TRACEPARENT_ONLY.sendsTraceparent()).isTrue();
    assertThat(OutboundPolicy.NONE.sendsContext()).isFalse();
    assertThat(OutboundPolicy.NONE.sendsTracestate()).isFalse();
    assertThat(OutboundPolicy.NONE.sendsTraceparent()).isFalse();
  }

  @Test
  void signsWithConfiguredKeysSoAnotherServiceOfTheDeploymentAccepts() {
    TrustPolicy sender = TrustPolicy.builder().signingKeys(keys).build();
    TrustPolicy receiver = TrustPolicy.builder().signingKeys(keys).build();

    String header = sender.signature().orElseThrow().sign(FIELDS);

    assertThat(receiver.evaluate(STRANGER, header, FIELDS))
        .isEqualTo(InboundTrust.validSignature());
  }

  @Test
  void failsFastOnNulls() {
    TrustPolicy.Builder builder = TrustPolicy.builder();

    assertThatNullPointerException()
        .isThrownBy(() -> builder.signingKeys(null))
        .withMessage("keys");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.signature(null))
        .withMessage("signature");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.trustedPeers(null))
        .withMessage("trustedPeers");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.internalHosts(null))
        .withMessage("internalHosts");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.untrustedTraceIdMode(null))
        .withMessage("untrustedTraceIdMode");
    assertThatNullPointerException()
        .isThrownBy(() -> builder.thirdPartyPolicy(null))
        .withMessage("thirdPartyPolicy");
    assertThatNullPointerException()
        .isThrownBy(() -> policy.evaluate(null, null, FIELDS))
        .withMessage("peer");
  }

  @Test
  void refusesInconsistentTrustDecisions() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new InboundTrust(InboundTrust.Reason.TRUSTED_PEER, SignatureFailure.EXPIRED));
    assertThat(InboundTrust.untrusted(SignatureFailure.EXPIRED))
        .isSameAs(InboundTrust.untrusted(SignatureFailure.EXPIRED));
  }
}
