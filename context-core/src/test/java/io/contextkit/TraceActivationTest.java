package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.BaggageLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The activation grammar: exactly one {@code request_type=TRACE} or {@code request_type=STANDARD}
 * list-member activates; any other way of naming the key or the value is {@link
 * TraceActivation#MALFORMED}, never a STANDARD request.
 */
class TraceActivationTest {

  private static final InboundPeer SIDECAR = InboundPeer.ofAddress("10.1.2.3");
  private static final InboundPeer STRANGER = InboundPeer.ofAddress("203.0.113.9");

  private final ContextPropagator propagator =
      ContextPropagator.builder()
          .trustPolicy(
              TrustPolicy.builder()
                  .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
                  .build())
          .build();

  private InboundContext fromSidecar(String... baggageHeaders) {
    return extract(propagator, SIDECAR, baggageHeaders);
  }

  private static InboundContext extract(
      ContextPropagator propagator, InboundPeer peer, String... baggageHeaders) {
    Headers headers = new Headers();
    for (String value : baggageHeaders) {
      headers.add("baggage", value);
    }
    return propagator.extract(headers, Headers.GETTER, peer);
  }

  /** Filler members that are not the signal, {@code count} of them, each followed by a comma. */
  private static String fillers(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append("k").append(i).append("=v").append(i).append(',');
    }
    return out.toString();
  }

  private static void assertMalformed(InboundContext in) {
    assertThat(in.traceActivation()).isEqualTo(TraceActivation.MALFORMED);
    assertThat(in.context().isTrace()).isFalse();
  }

  @Test
  void exactTraceFromATrustedHopIsAccepted() {
    InboundContext in = fromSidecar("request_type=TRACE");

    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
    assertThat(in.context().isTrace()).isTrue();
  }

  @Test
  void exactStandardIsAnOrdinaryRequest() {
    InboundContext in = fromSidecar("request_type=STANDARD");

    assertThat(in.traceActivation()).isEqualTo(TraceActivation.NOT_REQUESTED);
    assertThat(in.context().requestType()).isEqualTo(RequestType.STANDARD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " request_type=TRACE",
        "request_type=TRACE ",
        "request_type = TRACE",
        "request_type\t=\tTRACE",
        "user_id=alice , request_type=TRACE\t, license=gold",
        ",,request_type=TRACE,,",
        ";;;,=x,%zz=1,request_type=TRACE",
        "request_type=TRACE,x_request_type=STANDARD,request_type2=STANDARD",
      })
  void optionalWhitespaceAroundMembersAndTheEqualsSignIsAccepted(String baggage) {
    InboundContext in = fromSidecar(baggage);

    assertThat(in.traceActivation()).as(baggage).isEqualTo(TraceActivation.ACCEPTED);
    assertThat(in.context().isTrace()).isTrue();
  }

  @Test
  void theSignalMayComeInAnyOfSeveralBaggageHeaders() {
    InboundContext in = fromSidecar("user_id=alice", "license=gold,request_type=TRACE");

    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Request_Type=TRACE",
        "REQUEST_TYPE=TRACE",
        "request_TYPE=STANDARD",
        "Request_Type=TRACE,request_type=STANDARD",
        "request_type=STANDARD,REQUEST_TYPE=TRACE",
        "request%5Ftype=TRACE",
        "%72equest_type=TRACE",
        "REQUEST%5fTYPE=STANDARD",
      })
  void theKeyInAnotherCaseOrPercentEncodedIsMalformed(String baggage) {
    assertMalformed(fromSidecar(baggage));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request_type=STANDARD,request_type=TRACE",
        "request_type=TRACE,request_type=STANDARD",
        "request_type=TRACE,request_type=TRACE",
        "request_type=STANDARD,request_type=STANDARD",
        "request_type=TRACE,user_id=alice,request_type=TRACE",
      })
  void aSecondRequestTypeEntryIsMalformedWhateverItsValue(String baggage) {
    assertMalformed(fromSidecar(baggage));
  }

  @Test
  void aSecondRequestTypeEntryInAnotherBaggageHeaderIsMalformed() {
    assertMalformed(fromSidecar("request_type=STANDARD", "request_type=TRACE"));
    assertMalformed(fromSidecar("request_type=TRACE", "user_id=alice,request_type=TRACE"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request_type=trace",
        "request_type=Trace",
        "request_type=standard",
        "request_type=%54RACE",
        "request_type=TRAC%45",
        "request_type=%54%52%41%43%45",
        "request_type=%53TANDARD",
        "request_type=TRACE%20",
        "request_type=%20TRACE",
        "request_type=TRACE%09",
        "request_type=TRACE%0A",
        "request_type=%ZZ",
        "request_type=TRA CE",
        "request_type=\"TRACE\"",
        "request_type=TRACE=1",
        "request_type=TRACEX",
        "request_type=",
        "request_type",
        " request_type ",
        "request_type;TRACE",
        "request_type=TRACE;x=y",
        "request_type=TRACE;",
        "request_type=STANDARD;TRACE",
        "request_type=STANDARD;p=TRACE",
        "request_type=TRACE;bad key",
        "request_type=TRACE\u00a0",
        "request_type=\u0422RACE",
      })
  void anyValueOtherThanExactlyTraceOrStandardIsMalformed(String baggage) {
    assertMalformed(fromSidecar(baggage));
  }

  @Test
  void aRequestTypeEntryPastTheMemberCapIsMalformed() {
    InboundContext in = fromSidecar(fillers(64) + "request_type=TRACE");

    assertMalformed(in);
  }

  @Test
  void theLastMemberWithinTheMemberCapStillActivates() {
    InboundContext in = fromSidecar(fillers(63) + "request_type=TRACE," + fillers(10));

    assertThat(in.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
  }

  @Test
  void aRequestTypeEntryPastTheByteCapIsMalformed() {
    String padding = "pad=" + "x".repeat(8200);

    assertMalformed(fromSidecar("user_id=alice," + padding + ",request_type=TRACE"));
    assertMalformed(fromSidecar("user_id=alice," + padding + ",other=1,Request_Type=TRACE"));
    assertMalformed(fromSidecar("user_id=alice," + padding, "request_type=TRACE"));
    assertMalformed(fromSidecar("user_id=alice," + padding, "a=1", "b=2,request_type=TRACE"));
  }

  @Test
  void aRequestTypeEntryStraddlingTheByteCapIsMalformed() {
    String head = "pad=" + "x".repeat(8180) + ",";
    String baggage = head + "request_type=TRACE";
    assertThat(head.length()).isLessThan(8192);
    assertThat(baggage.length()).isGreaterThan(8192);

    assertMalformed(fromSidecar(baggage));
  }

  @Test
  void aRequestTypeEntryOverTheValueCapIsMalformed() {
    ContextPropagator tight =
        ContextPropagator.builder()
            .trustPolicy(propagator.trustPolicy())
            .baggageLimits(new BaggageLimits(64, 8192, 5))
            .build();

    assertMalformed(extract(tight, SIDECAR, "request_type=STANDARD"));
    assertThat(extract(tight, SIDECAR, "request_type=TRACE").traceActivation())
        .isEqualTo(TraceActivation.ACCEPTED);
  }

  @Test
  void baggageBeyondTheCapsWithoutTheSignalIsNotMalformed() {
    String padding = "pad=" + "x".repeat(8200);

    assertThat(fromSidecar(fillers(100) + "x_request_type=TRACE").traceActivation())
        .isEqualTo(TraceActivation.NOT_REQUESTED);
    assertThat(fromSidecar("request_type=TRACE," + padding + ",user_id=bob").traceActivation())
        .isEqualTo(TraceActivation.ACCEPTED);
    assertThat(fromSidecar("request_type=TRACE," + fillers(100)).traceActivation())
        .isEqualTo(TraceActivation.ACCEPTED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x_request_type=TRACE",
        "request_type2=TRACE",
        "request_types=TRACE",
        "my_request_type=TRACE",
        "request_type_x=TRACE",
        "request-type=TRACE",
        "requesttype=TRACE",
        "Request_Type_=TRACE",
        "note=request_type%3DTRACE",
        "user_id=alice;request_type=TRACE",
        "x=request_type",
      })
  void keysThatOnlyContainTheNameAreNotTheSignal(String baggage) {
    InboundContext in = fromSidecar(baggage);

    assertThat(in.traceActivation()).as(baggage).isEqualTo(TraceActivation.NOT_REQUESTED);
    assertThat(in.context().requestType()).isEqualTo(RequestType.STANDARD);
  }

  @Test
  void anUntrustedHopSendingAnAmbiguousSignalIsMalformedNotUntrusted() {
    InboundContext in = extract(propagator, STRANGER, "Request_Type=TRACE");

    assertMalformed(in);
    assertThat(in.trust().accepted()).isFalse();
  }

  @Test
  void theTracePermissionNeverRescuesAMalformedSignal() {
    InboundContext in = extract(propagator, STRANGER, "request_type=TRACE,request_type=TRACE");

    InboundContext permitted = in.withIdentity(new Identity("qa-bot", null, true, null, true));

    assertMalformed(permitted);
  }

  @Test
  void theRulesFollowAConfiguredBaggageName() {
    ContextPropagator renamed =
        ContextPropagator.builder()
            .trustPolicy(propagator.trustPolicy())
            .baggageName(ContextField.REQUEST_TYPE, "rt")
            .build();

    assertThat(extract(renamed, SIDECAR, "rt=TRACE").traceActivation())
        .isEqualTo(TraceActivation.ACCEPTED);
    assertMalformed(extract(renamed, SIDECAR, "RT=TRACE"));
    assertMalformed(extract(renamed, SIDECAR, "rt=STANDARD,rt=TRACE"));
    assertMalformed(extract(renamed, SIDECAR, fillers(64) + "rt=TRACE"));
    // Under a renamed key, request_type is someone else's baggage.
    assertThat(extract(renamed, SIDECAR, "request_type=TRACE").traceActivation())
        .isEqualTo(TraceActivation.NOT_REQUESTED);
  }

  @Test
  void everyMalformedActivationIsCounted() {
    long before = ContextKit.counters().get(Counter.REQUEST_TYPE_MALFORMED);

    fromSidecar("REQUEST_TYPE=TRACE");
    extract(propagator, STRANGER, "request_type=TRACE,request_type=TRACE");
    fromSidecar("request_type=TRACE");

    assertThat(ContextKit.counters().get(Counter.REQUEST_TYPE_MALFORMED)).isEqualTo(before + 2);
  }
}
