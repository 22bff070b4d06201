package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.trust.OutboundPolicy;
import io.contextkit.w3c.Baggage;
import io.contextkit.w3c.BaggageLimits;
import io.contextkit.w3c.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The outbound writer's direct path: {@code traceparent} and {@code baggage} are written straight
 * from the context, and must come out exactly as the W3C codec types would format them.
 */
class ContextPropagatorInjectTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  private final RequestContext full =
      RequestContext.builder()
          .traceId(TRACE_ID)
          .parentId(PARENT_ID)
          .traceFlags((byte) 1)
          .requestId("req-1")
          .userId("alice@example.com")
          .accountId("acme")
          .requestType(RequestType.TRACE)
          .tester(true)
          .license("gold")
          .build();

  @Test
  void baggageIsWhatTheCodecFormatsForTheSameEntries() {
    String sent = injected(ContextPropagator.defaults(), full).get("baggage");

    assertThat(sent)
        .isEqualTo(
            "user_id=alice@example.com,account_id=acme,request_type=TRACE,tester=true,license=gold")
        .isEqualTo(codecFormat(full, BaggageLimits.DEFAULTS, "user_id", "account_id"));
  }

  @Test
  void valuesOutsideTheBaggageOctetsArePercentEncodedLikeTheCodecDoes() {
    RequestContext odd = full.toBuilder().userId("Zoë Müller, 100% \"ok\"; x\\y 𝄞").build();

    String sent = injected(ContextPropagator.defaults(), odd).get("baggage");

    assertThat(sent).isEqualTo(codecFormat(odd, BaggageLimits.DEFAULTS, "user_id", "account_id"));
    assertThat(Baggage.parse(sent, BaggageLimits.DEFAULTS).baggage().get("user_id"))
        .isEqualTo(odd.userId());
  }

  @Test
  void entriesOverTheLimitsAreLeftOutWholeAndLaterOnesStillTried() {
    RequestContext longUser = full.toBuilder().userId("u".repeat(40)).build();
    BaggageLimits valueCap = new BaggageLimits(64, 8192, 20);
    BaggageLimits memberCap = new BaggageLimits(2, 8192, 8192);
    BaggageLimits byteCap = new BaggageLimits(64, 50, 8192);

    for (BaggageLimits limits : List.of(valueCap, memberCap, byteCap)) {
      ContextPropagator propagator = ContextPropagator.builder().baggageLimits(limits).build();
      assertThat(injected(propagator, longUser).get("baggage"))
          .as("%s", limits)
          .isEqualTo(codecFormat(longUser, limits, "user_id", "account_id"));
    }
    ContextPropagator valueCapped = ContextPropagator.builder().baggageLimits(valueCap).build();
    assertThat(injected(valueCapped, longUser).get("baggage"))
        .isEqualTo("account_id=acme,request_type=TRACE,tester=true,license=gold");
  }

  @Test
  void renamedEntriesAndAbsentFieldsFollowTheCodec() {
    ContextPropagator renamed =
        ContextPropagator.builder()
            .baggageName(ContextField.USER_ID, "uid")
            .baggageName(ContextField.ACCOUNT_ID, "tenant")
            .build();
    RequestContext partial = RequestContext.builder().traceId(TRACE_ID).accountId("acme").build();

    assertThat(injected(renamed, partial).get("baggage"))
        .isEqualTo("tenant=acme,request_type=STANDARD")
        .isEqualTo(codecFormat(partial, BaggageLimits.DEFAULTS, "uid", "tenant"));
  }

  @Test
  void traceparentIsVersionZeroWithANewParentIdAndOnlyTheKnownFlags() {
    RequestContext allFlags = full.toBuilder().traceFlags((byte) 0xff).build();

    String sent = injected(ContextPropagator.defaults(), allFlags).get("traceparent");

    assertThat(sent).hasSize(TraceParent.LENGTH).startsWith("00-" + TRACE_ID + "-").endsWith("-03");
    TraceParent parsed = TraceParent.parse(sent);
    assertThat(parsed).isNotNull();
    assertThat(parsed.parentId()).isNotEqualTo(PARENT_ID).isNotEqualTo("0000000000000000");
    assertThat(parsed.flags()).isEqualTo(3);
    assertThat(injected(ContextPropagator.defaults(), full).get("traceparent")).endsWith("-01");
  }

  @Test
  void activeClientSpanOfTheSameTraceBecomesTheParent() {
    SpanContext client =
        SpanContext.create(
            TRACE_ID, "a1b2c3d4e5f60718", TraceFlags.getSampled(), TraceState.getDefault());
    try (Scope s = Span.wrap(client).makeCurrent()) {
      assertThat(injected(ContextPropagator.defaults(), full).get("traceparent"))
          .isEqualTo("00-" + TRACE_ID + "-a1b2c3d4e5f60718-01");
    }
  }

  @Test
  void activeSpanThatIsTheHopItselfOrOfAnotherTraceIsNotTheParent() {
    SpanContext hop =
        SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getSampled(), TraceState.getDefault());
    SpanContext otherTrace =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    for (SpanContext active : List.of(hop, otherTrace)) {
      try (Scope s = Span.wrap(active).makeCurrent()) {
        TraceParent sent =
            TraceParent.parse(injected(ContextPropagator.defaults(), full).get("traceparent"));
        assertThat(sent.traceId()).isEqualTo(TRACE_ID);
        assertThat(sent.parentId()).isNotIn(PARENT_ID, "b7ad6b7169203331");
      }
    }
  }

  private static Headers injected(ContextPropagator propagator, RequestContext context) {
    Headers out = new Headers();
    propagator.inject(context, out, Headers.SETTER, OutboundPolicy.FULL);
    return out;
  }

  /** The reference: the privileged fields as baggage entries, formatted by the codec type. */
  private static String codecFormat(
      RequestContext context, BaggageLimits limits, String userName, String accountName) {
    Baggage baggage = Baggage.empty();
    baggage = with(baggage, userName, context.userId());
    baggage = with(baggage, accountName, context.accountId());
    baggage = with(baggage, "request_type", context.get(ContextField.REQUEST_TYPE));
    baggage = with(baggage, "tester", context.get(ContextField.TESTER));
    baggage = with(baggage, "license", context.license());
    return baggage.format(limits);
  }

  private static Baggage with(Baggage baggage, String name, @Nullable String value) {
    return value == null ? baggage : baggage.with(name, value);
  }
}
