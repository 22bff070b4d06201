package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InboundTrust;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A message's context survives consumer lag: it is signed for the message TTL, and once even that
 * has passed, an authentic message still joins its trace and request (and a TRACE message still
 * runs as TRACE) while its identity is dropped. Found by the stress soak: a record consumed more
 * than TTL + skew (90 s) after it was produced lost its request id and trace id.
 */
class MessageContextTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final Instant SENT = Instant.parse("2026-12-07T03:00:00Z");
  private static final InboundPeer BROKER = InboundPeer.ofName("kafka:orders");
  private static final SigningKeys KEYS =
      SigningKeys.of("k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  private static ContextPropagator propagatorAt(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return ContextPropagator.builder()
        .trustPolicy(
            TrustPolicy.builder()
                .signature(ContextSignature.builder(KEYS).clock(clock).build())
                .build())
        .build();
  }

  private static RequestContext upstream(RequestType type) {
    return RequestContext.builder()
        .traceId(TRACE_ID)
        .parentId("00f067aa0ba902b7")
        .requestId("req-order-1")
        .userId("alice")
        .accountId("acme")
        .requestType(type)
        .build();
  }

  private static Headers published(RequestType type) {
    Headers record = new Headers();
    propagatorAt(SENT).injectMessage(upstream(type), record, Headers.SETTER, OutboundPolicy.FULL);
    return record;
  }

  @Test
  void messageConsumedTenMinutesLateKeepsItsWholeContext() {
    InboundContext in =
        propagatorAt(SENT.plus(Duration.ofMinutes(10)))
            .extractMessage(published(RequestType.STANDARD), Headers.GETTER, BROKER);

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.VALID_SIGNATURE);
    assertThat(in.context().userId()).isEqualTo("alice");
    assertThat(in.context().accountId()).isEqualTo("acme");
    assertThat(in.context().requestId()).isEqualTo("req-order-1");
    assertThat(in.context().traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void requestSignedTenMinutesAgoLosesEverythingTheMessageKeeps() {
    // The twin: the same context on a request, checked as a request ten minutes later.
    Headers request = new Headers();
    propagatorAt(SENT)
        .inject(upstream(RequestType.STANDARD), request, Headers.SETTER, OutboundPolicy.FULL);

    InboundContext in =
        propagatorAt(SENT.plus(Duration.ofMinutes(10))).extract(request, Headers.GETTER, BROKER);

    assertThat(in.trust().accepted()).isFalse();
    assertThat(in.context().userId()).isNull();
    assertThat(in.context().requestId()).isNotEqualTo("req-order-1");
    assertThat(in.context().traceId()).isNotEqualTo(TRACE_ID);
  }

  @Test
  void messageConsumedAfterItsTtlKeepsTraceRequestAndTraceAskButNotIdentity() {
    InboundContext in =
        propagatorAt(SENT.plus(Duration.ofHours(3)))
            .extractMessage(published(RequestType.TRACE), Headers.GETTER, BROKER);

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.AUTHENTIC_EXPIRED_MESSAGE);
    assertThat(in.context().traceId()).isEqualTo(TRACE_ID);
    assertThat(in.context().requestId()).isEqualTo("req-order-1");
    assertThat(in.context().isTrace()).isTrue();
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
    assertThat(in.context().userId()).isNull();
    assertThat(in.context().accountId()).isNull();
  }

  @Test
  void messageSignatureReplayedOnARequestIsForgedAndDropsTheTraceAsk() {
    Headers replayed = published(RequestType.TRACE);

    InboundContext in =
        propagatorAt(SENT.plus(Duration.ofMinutes(5))).extract(replayed, Headers.GETTER, BROKER);

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.UNTRUSTED);
    assertThat(in.context().userId()).isNull();
    assertThat(in.context().requestId()).isNotEqualTo("req-order-1");
    // An untrusted TRACE ask is refused by the integrations, never run as STANDARD.
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.UNTRUSTED);
  }

  @Test
  void lateMessageWithATamperedUserIsForgedNotMerelyExpired() {
    Headers record = published(RequestType.TRACE);
    record.set("baggage", record.get("baggage").replace("alice", "admin"));

    InboundContext in =
        propagatorAt(SENT.plus(Duration.ofHours(3))).extractMessage(record, Headers.GETTER, BROKER);

    assertThat(in.trust().reason()).isEqualTo(InboundTrust.Reason.UNTRUSTED);
    assertThat(in.context().userId()).isNull();
    assertThat(in.context().requestId()).isNotEqualTo("req-order-1");
    assertThat(in.context().traceId()).isNotEqualTo(TRACE_ID);
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.UNTRUSTED);
  }
}
