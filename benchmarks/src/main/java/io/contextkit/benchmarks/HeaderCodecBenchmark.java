package io.contextkit.benchmarks;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.TraceParent;
import io.contextkit.w3c.TraceState;
import io.contextkit.w3c.W3CHeaders;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The W3C header codec on the same inbound headers: a {@code traceparent} and a {@code baggage} of
 * six entries (user_id, account_id, request_type, tester, license and one foreign entry), plus
 * {@code x-request-id} and {@code contextkit-signature}, which OpenTelemetry ignores.
 *
 * <ul>
 *   <li>{@code extract_ours}: our full inbound path from a trusted peer (CIDR match): parse,
 *       validate, trust decision, new request context with a new parent id.
 *   <li>{@code extract_oursSigned}: the same from a peer that is not trusted, so the HMAC signature
 *       over the fields is verified.
 *   <li>{@code extract_oursUntrusted}: the secure default: privileged fields dropped and counted.
 *   <li>{@code extract_otel}: OpenTelemetry's {@link W3CTraceContextPropagator} + {@link
 *       W3CBaggagePropagator} (composite) into a new {@link Context}.
 *   <li>{@code inject_*}: the outbound direction into an empty carrier; ours for an internal hop
 *       (traceparent with a new span id, x-request-id, baggage; {@code oursSigned} also signs),
 *       OpenTelemetry's from a context with the remote span and the six baggage entries.
 *   <li>{@code roundTrip_*}: extract then inject what was extracted, the budget's line item.
 *   <li>{@code traceContext_*}: only the trace context of another carrier, a {@code traceparent}
 *       and a {@code tracestate} of {@value #TRACESTATE_MEMBERS} vendor entries as tracing vendors
 *       write them (one of them {@code tenant@system}): ours parses both with {@link TraceParent}
 *       and {@link TraceState} (the header's whole grammar, every key and value checked);
 *       OpenTelemetry's {@link W3CTraceContextPropagator} alone into a new {@link Context}.
 * </ul>
 *
 * The carrier ({@link Headers}) allocates nothing, so allocation figures are the codecs' own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class HeaderCodecBenchmark {

  static final InboundPeer TRUSTED_PEER = InboundPeer.ofAddress("10.1.2.3");
  static final InboundPeer OTHER_PEER = InboundPeer.ofAddress("192.0.2.10");

  static final int TRACESTATE_MEMBERS = 6;
  static final String TRACESTATE =
      "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,dd=s:1;o:rum;p:00f067aa0ba902b7;t.dm:-4,"
          + "1234567@nr=0-0-1234567-8901234-00f067aa0ba902b7-4bf92f3577b34da6-1-1.2-1700000000000,"
          + "ot=th:c;rv:0123456789abcd,sw=00f067aa0ba902b7-01";

  final Headers inbound = new Headers();
  final Headers traceInbound = new Headers();
  final Headers outbound = new Headers();

  ContextPropagator peerTrusting = ContextPropagator.defaults();
  ContextPropagator signing = ContextPropagator.defaults();
  final ContextPropagator untrusting = ContextPropagator.defaults();
  RequestContext extracted = RequestContext.empty();

  final TextMapPropagator otel =
      TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
  Context otelOutbound = Context.root();

  @Setup
  public void setUp() {
    peerTrusting =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
                    .build())
            .build();
    byte[] secret = "benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    signing =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .signature(
                        ContextSignature.builder(SigningKeys.of("k1", secret))
                            // The benchmark reuses one signed header set for its whole run.
                            .ttl(Duration.ofDays(1))
                            .build())
                    .build())
            .build();

    // The inbound headers: what an internal, signing upstream sends, plus one foreign entry.
    RequestContext upstream =
        Payload.requestContext().toBuilder()
            .parentId(Payload.PARENT_ID)
            .traceFlags((byte) 1)
            .tester(true)
            .build();
    signing.inject(upstream, inbound, Headers.SETTER, OutboundPolicy.FULL);
    String baggage = inbound.get(W3CHeaders.BAGGAGE);
    inbound.set(W3CHeaders.BAGGAGE, baggage + ",region=eu-west-1");
    checkInbound();

    extracted = extract_ours().context();
    otelOutbound = extract_otel();

    traceInbound.set(
        W3CHeaders.TRACEPARENT, "00-" + Payload.TRACE_ID + "-" + Payload.PARENT_ID + "-01");
    traceInbound.set(W3CHeaders.TRACESTATE, TRACESTATE);
    checkTraceContext();
  }

  private void checkTraceContext() {
    TraceState ours = traceContext_ours();
    SpanContext theirs = Span.fromContext(traceContext_otel()).getSpanContext();
    if (ours.size() != TRACESTATE_MEMBERS
        || theirs.getTraceState().size() != TRACESTATE_MEMBERS
        || !Payload.TRACE_ID.equals(theirs.getTraceId())) {
      throw new IllegalStateException(
          "the tracestate was not kept whole: ours "
              + ours.size()
              + ", OpenTelemetry "
              + theirs.getTraceState().size());
    }
  }

  private void checkInbound() {
    int entries = inbound.get(W3CHeaders.BAGGAGE).split(",", -1).length;
    if (entries != 6 || inbound.get(ContextPropagator.SIGNATURE_HEADER) == null) {
      throw new IllegalStateException("unexpected inbound headers: " + inbound.names());
    }
    InboundContext peer = peerTrusting.extract(inbound, Headers.GETTER, TRUSTED_PEER);
    InboundContext signed = signing.extract(inbound, Headers.GETTER, OTHER_PEER);
    InboundContext dropped = untrusting.extract(inbound, Headers.GETTER, OTHER_PEER);
    Payload.check("ContextKit (trusted peer)", "user_id", peer.context().userId());
    Payload.check("ContextKit (signed)", "user_id", signed.context().userId());
    if (!signed.trust().accepted()
        || !Payload.TRACE_ID.equals(signed.context().traceId())
        || signed.context().requestType() != RequestType.STANDARD
        || dropped.context().userId() != null) {
      throw new IllegalStateException("ContextKit trust decisions are not what this measures");
    }
    Context otelContext = extract_otel();
    Payload.check(
        "OpenTelemetry",
        "baggage user_id",
        Baggage.fromContext(otelContext).getEntryValue("user_id"));
    if (Baggage.fromContext(otelContext).size() != 6
        || !Payload.TRACE_ID.equals(Span.fromContext(otelContext).getSpanContext().getTraceId())) {
      throw new IllegalStateException("OpenTelemetry did not extract the same headers");
    }
  }

  @Benchmark
  public InboundContext extract_ours() {
    return peerTrusting.extract(inbound, Headers.GETTER, TRUSTED_PEER);
  }

  @Benchmark
  public InboundContext extract_oursSigned() {
    return signing.extract(inbound, Headers.GETTER, OTHER_PEER);
  }

  @Benchmark
  public InboundContext extract_oursUntrusted() {
    return untrusting.extract(inbound, Headers.GETTER, OTHER_PEER);
  }

  @Benchmark
  public Context extract_otel() {
    return otel.extract(Context.root(), inbound, Headers.OTEL_GETTER);
  }

  @Benchmark
  public int inject_ours() {
    outbound.clear();
    peerTrusting.inject(extracted, outbound, Headers.SETTER, OutboundPolicy.FULL);
    return outbound.size();
  }

  @Benchmark
  public int inject_oursSigned() {
    outbound.clear();
    signing.inject(extracted, outbound, Headers.SETTER, OutboundPolicy.FULL);
    return outbound.size();
  }

  @Benchmark
  public int inject_otel() {
    outbound.clear();
    otel.inject(otelOutbound, outbound, Headers.OTEL_SETTER);
    return outbound.size();
  }

  @Benchmark
  public int roundTrip_ours() {
    RequestContext context = peerTrusting.extract(inbound, Headers.GETTER, TRUSTED_PEER).context();
    outbound.clear();
    peerTrusting.inject(context, outbound, Headers.SETTER, OutboundPolicy.FULL);
    return outbound.size();
  }

  @Benchmark
  public int roundTrip_oursSigned() {
    RequestContext context = signing.extract(inbound, Headers.GETTER, OTHER_PEER).context();
    outbound.clear();
    signing.inject(context, outbound, Headers.SETTER, OutboundPolicy.FULL);
    return outbound.size();
  }

  @Benchmark
  public int roundTrip_otel() {
    Context context = otel.extract(Context.root(), inbound, Headers.OTEL_GETTER);
    outbound.clear();
    otel.inject(context, outbound, Headers.OTEL_SETTER);
    return outbound.size();
  }

  @Benchmark
  public TraceState traceContext_ours() {
    TraceParent parent = TraceParent.parse(traceInbound.get(W3CHeaders.TRACEPARENT));
    return TraceState.extract(traceInbound, Headers.GETTER, parent);
  }

  @Benchmark
  public Context traceContext_otel() {
    return W3CTraceContextPropagator.getInstance()
        .extract(Context.root(), traceInbound, Headers.OTEL_GETTER);
  }
}
