package io.contextkit.benchmarks;

import io.contextkit.ContextBarrier;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.W3CHeaders;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slf4j.MDC;

/**
 * What one request of the HTTP benchmark ({@code benchmarks-http}, {@code POST /quotes}) costs in
 * ContextKit's core, on the same headers: {@code traceparent}, {@code baggage: user_id, account_id,
 * request_id, request_type=STANDARD} (so one foreign entry, {@code request_id}) and {@code
 * x-request-id}, from a trusted peer (the loopback load generator).
 *
 * <ul>
 *   <li>{@code request_ours}: what the starter's Tomcat valve and filters do around the
 *       application: the request-entry barrier, {@code extract}, the scope opened (six MDC keys
 *       written), the filters' re-binding check, and the scope closed (the MDC restored).
 *   <li>{@code request_mdcByHand}: the floor the {@code mdc-filter} variant of the HTTP benchmark
 *       measures: the same six values cut out of the headers without any validation or trust check
 *       and put into the MDC by hand, then removed.
 * </ul>
 *
 * The carrier ({@link Headers}) allocates nothing, so allocation figures are the code's own.
 * Logback's real MDC adapter is used; no span is recording (no SDK).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RequestEntryBenchmark {

  static final InboundPeer LOOPBACK = InboundPeer.ofAddress("127.0.0.1");
  static final String TRACEPARENT = "00-" + Payload.TRACE_ID + "-" + Payload.PARENT_ID + "-01";
  static final String BAGGAGE =
      "user_id=user-0042,account_id=acct-0003,request_id=req-00f067aa0ba902b7,"
          + "request_type=STANDARD";
  static final String REQUEST_ID = "req-00f067aa0ba902b7";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  final Headers inbound = new Headers();
  ContextPropagator propagator = ContextPropagator.defaults();

  @Setup
  public void setUp() {
    propagator =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .trustedPeers(TrustedPeers.builder().address("127.0.0.1").build())
                    .build())
            .build();
    inbound.set(W3CHeaders.TRACEPARENT, TRACEPARENT);
    inbound.set(W3CHeaders.BAGGAGE, BAGGAGE);
    inbound.set(W3CHeaders.REQUEST_ID, REQUEST_ID);
    request_ours();
    RequestContext check = propagator.extract(inbound, Headers.GETTER, LOOPBACK).context();
    if (!"user-0042".equals(check.userId())
        || !"acct-0003".equals(check.accountId())
        || !REQUEST_ID.equals(check.requestId())
        || !Payload.TRACE_ID.equals(check.traceId())) {
      throw new IllegalStateException("ContextKit did not accept the trusted fields: " + check);
    }
    request_mdcByHand();
    if (MDC.get("user_id") != null) {
      throw new IllegalStateException("the MDC was not restored");
    }
  }

  @Benchmark
  public int request_ours() {
    ContextBarrier.enter();
    InboundContext in = propagator.extract(inbound, Headers.GETTER, LOOPBACK);
    RequestContext context = in.context();
    try (ContextScope scope = context.makeCurrent()) {
      // The entry filter and the identity filter find the context already bound.
      RequestContext current = RequestContext.current();
      return current == context && current.sameRequestAs(context) ? 1 : 0;
    }
  }

  @Benchmark
  public int request_mdcByHand() {
    String traceparent = inbound.get(W3CHeaders.TRACEPARENT);
    String baggage = inbound.get(W3CHeaders.BAGGAGE);
    String requestId = inbound.get(W3CHeaders.REQUEST_ID);
    putIfPresent(
        "trace_id",
        traceparent != null && traceparent.length() >= 35 ? traceparent.substring(3, 35) : null);
    MDC.put("parent_id", randomSpanId());
    putIfPresent("request_id", requestId);
    putIfPresent("user_id", entry(baggage, "user_id"));
    putIfPresent("account_id", entry(baggage, "account_id"));
    putIfPresent("request_type", entry(baggage, "request_type"));
    try {
      return MDC.get("user_id").length();
    } finally {
      MDC.remove("trace_id");
      MDC.remove("parent_id");
      MDC.remove("request_id");
      MDC.remove("user_id");
      MDC.remove("account_id");
      MDC.remove("request_type");
    }
  }

  private static void putIfPresent(String key, @Nullable String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  private static @Nullable String entry(@Nullable String baggage, String key) {
    if (baggage == null) {
      return null;
    }
    int from = 0;
    while (from < baggage.length()) {
      int end = baggage.indexOf(',', from);
      if (end < 0) {
        end = baggage.length();
      }
      if (baggage.startsWith(key, from)
          && from + key.length() < end
          && baggage.charAt(from + key.length()) == '=') {
        return baggage.substring(from + key.length() + 1, end);
      }
      from = end + 1;
    }
    return null;
  }

  private static String randomSpanId() {
    long id = ThreadLocalRandom.current().nextLong();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (id & 0xf)];
      id >>>= 4;
    }
    return new String(out);
  }
}
