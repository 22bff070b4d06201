package io.contextkit.trust;

import static io.contextkit.trust.TestKeys.FIELDS;
import static io.contextkit.trust.TestKeys.NOW;
import static io.contextkit.trust.TestKeys.at;
import static io.contextkit.trust.TestKeys.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Signatures on messages: they live for the message TTL because a message waits in a broker, and
 * they are MACed in their own domain so that a long-lived message signature cannot be replayed as a
 * request signature.
 */
class MessageSignatureTest {

  private final SigningKeys keys = SigningKeys.of("k1", secret("one"));

  private ContextSignature after(Duration after) {
    return ContextSignature.builder(keys).clock(at(NOW.plus(after))).build();
  }

  @Test
  void messageSignatureExpiresAfterTheMessageTtlNotTheRequestTtl() {
    String header = after(Duration.ZERO).signMessage(FIELDS);

    assertThat(header).startsWith("v1;kid=k1;exp=" + (NOW.getEpochSecond() + 3600) + ";sig=");
    // The request twin is long expired at 10 minutes; the message signature is not.
    String requestHeader = after(Duration.ZERO).sign(FIELDS);
    assertThat(after(Duration.ofMinutes(10)).verify(requestHeader, FIELDS).failure())
        .isEqualTo(SignatureFailure.EXPIRED);
    assertThat(after(Duration.ofMinutes(10)).verifyMessage(header, FIELDS).isValid()).isTrue();
    assertThat(
            after(Duration.ofMinutes(60).plusSeconds(30)).verifyMessage(header, FIELDS).isValid())
        .isTrue();
    assertThat(
            after(Duration.ofMinutes(60).plusSeconds(31)).verifyMessage(header, FIELDS).failure())
        .isEqualTo(SignatureFailure.EXPIRED);
  }

  @Test
  void messageSignatureCopiedOntoARequestIsForged() {
    String header = after(Duration.ZERO).signMessage(FIELDS);

    assertThat(after(Duration.ZERO).verify(header, FIELDS).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void requestSignatureForwardedOntoAMessageVerifiesWithItsOwnShortExpiry() {
    String header = after(Duration.ZERO).sign(FIELDS);

    assertThat(after(Duration.ofSeconds(30)).verifyMessage(header, FIELDS).isValid()).isTrue();
    assertThat(after(Duration.ofSeconds(91)).verifyMessage(header, FIELDS).failure())
        .isEqualTo(SignatureFailure.EXPIRED);
  }

  @Test
  void tamperedMessageFieldsAreForgedNotExpired() {
    String header = after(Duration.ZERO).signMessage(FIELDS);
    SignedFields otherUser =
        new SignedFields(
            FIELDS.traceId(),
            FIELDS.requestId(),
            "user-43",
            FIELDS.accountId(),
            FIELDS.tester(),
            FIELDS.license(),
            FIELDS.requestType());

    assertThat(after(Duration.ofDays(2)).verifyMessage(header, otherUser).failure())
        .isEqualTo(SignatureFailure.BAD_SIGNATURE);
  }

  @Test
  void messageTtlIsConfigurableWithinTheSameBoundsAsTheRequestTtl() {
    Clock clock = TestKeys.at(NOW);
    ContextSignature tenMinutes =
        ContextSignature.builder(keys).clock(clock).messageTtl(Duration.ofMinutes(10)).build();

    assertThat(tenMinutes.messageTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(tenMinutes.signMessage(FIELDS))
        .startsWith("v1;kid=k1;exp=" + (NOW.getEpochSecond() + 600) + ";");
    assertThat(ContextSignature.create(keys).messageTtl())
        .isEqualTo(ContextSignature.DEFAULT_MESSAGE_TTL);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContextSignature.builder(keys).messageTtl(Duration.ofMillis(500)))
        .withMessageContaining("message ttl");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContextSignature.builder(keys).messageTtl(Duration.ofDays(2)))
        .withMessageContaining("message ttl");
  }

  @Test
  void expiredAuthenticMessageKeepsCorrelationButNotIdentity() {
    TrustPolicy policy =
        TrustPolicy.builder()
            .signature(ContextSignature.builder(keys).clock(at(NOW)).build())
            .build();
    String header = policy.signature().orElseThrow().signMessage(FIELDS);
    TrustPolicy twoHoursLater =
        TrustPolicy.builder()
            .signature(
                ContextSignature.builder(keys).clock(at(NOW.plus(Duration.ofHours(2)))).build())
            .build();
    InboundPeer broker = InboundPeer.ofName("kafka:orders");

    InboundTrust message = twoHoursLater.evaluateMessage(broker, header, FIELDS);
    assertThat(message.reason()).isEqualTo(InboundTrust.Reason.AUTHENTIC_EXPIRED_MESSAGE);
    assertThat(message.signatureFailure()).isEqualTo(SignatureFailure.EXPIRED);
    assertThat(message.accepted()).isFalse();
    assertThat(message.acceptsTraceAndRequestId()).isTrue();
    assertThat(twoHoursLater.traceIdMode(message)).isEqualTo(TraceIdMode.CONTINUE);

    // The same header as a request is simply forged; a request's expired signature stays untrusted.
    assertThat(twoHoursLater.evaluate(broker, header, FIELDS).reason())
        .isEqualTo(InboundTrust.Reason.UNTRUSTED);
    String requestHeader = policy.signature().orElseThrow().sign(FIELDS);
    InboundTrust request = twoHoursLater.evaluate(broker, requestHeader, FIELDS);
    assertThat(request.reason()).isEqualTo(InboundTrust.Reason.UNTRUSTED);
    assertThat(request.signatureFailure()).isEqualTo(SignatureFailure.EXPIRED);
    assertThat(twoHoursLater.traceIdMode(request)).isEqualTo(TraceIdMode.RESTART);
  }

  @Test
  void forgedMessageSignatureIsUntrustedEvenLate() {
    SigningKeys other = SigningKeys.of("k1", secret("two"));
    String forged = ContextSignature.builder(other).clock(at(NOW)).build().signMessage(FIELDS);
    TrustPolicy later =
        TrustPolicy.builder()
            .signature(
                ContextSignature.builder(keys).clock(at(NOW.plus(Duration.ofHours(2)))).build())
            .build();

    InboundTrust trust = later.evaluateMessage(InboundPeer.ofName("kafka:orders"), forged, FIELDS);
    assertThat(trust.reason()).isEqualTo(InboundTrust.Reason.UNTRUSTED);
    assertThat(trust.signatureFailure()).isEqualTo(SignatureFailure.BAD_SIGNATURE);
    assertThat(trust.acceptsTraceAndRequestId()).isFalse();
  }
}
