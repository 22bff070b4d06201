package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.BaggageLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Feeds generated and mutated inbound header sets through {@link ContextPropagator#extract} and the
 * resulting contexts through {@link ContextPropagator#inject}: 3 properties × 10,000 tries = 30,000
 * header sets per run (each with up to four headers), on top of the codec's and the signature's own
 * property tests.
 */
class ContextPropagatorPropertiesTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final ContextPropagator PROPAGATOR =
      ContextPropagator.builder()
          .trustPolicy(
              TrustPolicy.builder()
                  .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
                  .internalHosts(InternalHosts.of("*.internal"))
                  .signingKeys(SigningKeys.of("k1", SECRET))
                  .build())
          .baggageLimits(new BaggageLimits(64, 8192, 4096))
          .build();
  private static final InboundPeer TRUSTED = InboundPeer.ofAddress("10.0.0.1");
  private static final InboundPeer STRANGER = InboundPeer.ofAddress("198.51.100.7");

  private static final List<String> SEEDS =
      List.of(
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "user_id=alice,account_id=acme,tester=true,license=gold,request_type=TRACE",
          "user_id=al%20ice;p=1, team = blue ,request_type=STANDARD",
          "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
          "req-0123456789",
          "v1;kid=k1;exp=9999999999;sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

  @Provide
  Arbitrary<String> headerValue() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<String> noise =
        Arbitraries.strings()
            .withCharRange('\u0000', '\u00ff')
            .withChars("=,;%-\r\n\t \u2028\ud800")
            .ofMaxLength(200);
    Arbitrary<String> mutated =
        Combinators.combine(seed, Arbitraries.integers().between(0, 200), noise)
            .as(
                (s, at, insert) -> {
                  int i = Math.min(at, s.length());
                  return s.substring(0, i) + insert + s.substring(i);
                });
    Arbitrary<String> huge = seed.map(s -> (s + ",").repeat(400));
    return Arbitraries.frequencyOf(
        List.of(Tuple.of(3, seed), Tuple.of(10, mutated), Tuple.of(4, noise), Tuple.of(1, huge)));
  }

  @Provide
  Arbitrary<Map<String, String>> headers() {
    Arbitrary<String> names =
        Arbitraries.of(
            "traceparent",
            "tracestate",
            "baggage",
            "x-request-id",
            "contextkit-signature",
            "TraceParent");
    return Arbitraries.maps(names, headerValue()).ofMaxSize(5);
  }

  @Property(tries = 10_000)
  void extractNeverThrowsAndEveryFieldIsValid(
      @ForAll("headers") Map<String, String> raw, @ForAll boolean trustedPeer) {
    Headers headers = new Headers();
    raw.forEach(headers::add);

    InboundContext in =
        PROPAGATOR.extract(headers, Headers.GETTER, trustedPeer ? TRUSTED : STRANGER);

    RequestContext ctx = in.context();
    assertThat(ContextField.TRACE_ID.isValid(ctx.traceId())).isTrue();
    assertThat(ContextField.PARENT_ID.isValid(ctx.parentId())).isTrue();
    assertThat(ContextField.REQUEST_ID.isValid(ctx.requestId())).isTrue();
    for (ContextField field : ContextField.values()) {
      String value = ctx.get(field);
      if (value != null) {
        assertThat(field.isValid(value)).as(field.key()).isTrue();
      }
    }
    if (!in.trust().accepted()) {
      assertThat(ctx.userId()).isNull();
      assertThat(ctx.accountId()).isNull();
      assertThat(ctx.isTrace()).isFalse();
    }
  }

  @Property(tries = 10_000)
  void injectedHeadersAreCleanAndRoundTripThroughASignedHop(
      @ForAll("headers") Map<String, String> raw) {
    Headers headers = new Headers();
    raw.forEach(headers::add);
    RequestContext ctx = PROPAGATOR.extract(headers, Headers.GETTER, TRUSTED).context();

    Headers wire = new Headers();
    PROPAGATOR.inject(ctx, wire, Headers.SETTER, OutboundPolicy.FULL);

    wire.map.forEach(
        (name, values) -> {
          assertThat(values).hasSize(1);
          for (char c : values.get(0).toCharArray()) {
            assertThat(c >= 0x20 && c < 0x7f).as("%s has only visible ASCII", name).isTrue();
          }
        });
    RequestContext again = PROPAGATOR.extract(wire, Headers.GETTER, STRANGER).context();
    assertThat(again.traceId()).isEqualTo(ctx.traceId());
    assertThat(again.requestId()).isEqualTo(ctx.requestId());
    assertThat(again.userId()).isEqualTo(ctx.userId());
    assertThat(again.accountId()).isEqualTo(ctx.accountId());
    assertThat(again.tester()).isEqualTo(ctx.tester());
    assertThat(again.license()).isEqualTo(ctx.license());
    assertThat(again.requestType()).isEqualTo(ctx.requestType());
  }

  @Property(tries = 10_000)
  void thirdPartiesNeverReceiveIdentity(@ForAll("headers") Map<String, String> raw) {
    Headers headers = new Headers();
    raw.forEach(headers::add);
    RequestContext ctx = PROPAGATOR.extract(headers, Headers.GETTER, TRUSTED).context();

    Headers wire = new Headers();
    PROPAGATOR.inject(
        ctx, wire, Headers.SETTER, java.net.URI.create("https://api.partner.example/x"));

    assertThat(wire.map.keySet()).containsExactly("traceparent");
  }
}
