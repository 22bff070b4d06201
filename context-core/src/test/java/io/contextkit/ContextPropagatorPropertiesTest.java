package io.contextkit;

import static io.contextkit.testing.property.Gen.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testing.property.Alphabet;
import io.contextkit.testing.property.ForAll;
import io.contextkit.testing.property.Gen;
import io.contextkit.testing.property.W3cHeaders;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.BaggageLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds generated and mutated inbound header sets through {@link ContextPropagator#extract} and the
 * resulting contexts through {@link ContextPropagator#inject}: 3 properties × 10,000 random tries =
 * 30,000 header sets per run (each with up to five headers), plus the edge cases and the seeds as
 * examples, on top of the codec's and the signature's own property tests.
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

  private static final int TRIES = 10_000;

  private static Gen<String> headerValue() {
    Gen<String> seed = Gen.elements(SEEDS);
    Gen<String> noise =
        Alphabet.range('\u0000', '\u00ff').and("=,;%-\r\n\t \u2028\ud800").strings(0, 200);
    Gen<Integer> positions = Gen.ints(0, 200);
    Gen<String> mutated =
        c -> {
          String s = seed.generate(c);
          int i = Math.min(positions.generate(c), s.length());
          return s.substring(0, i) + noise.generate(c) + s.substring(i);
        };
    Gen<String> huge = seed.map(s -> (s + ",").repeat(400));
    return Gen.frequency(
        weighted(3, seed), weighted(10, mutated), weighted(4, noise), weighted(1, huge));
  }

  /** Up to five of the propagation headers (one of them in another case), distinct names. */
  private static Gen<Map<String, String>> headers() {
    return Gen.maps(Gen.elements(W3cHeaders.headerNames()), headerValue(), 0, 5);
  }

  /** Header sets from the seeds: none, one, two, a doubled list, CR/LF, all six at once. */
  private static List<Map<String, String>> exampleHeaders() {
    Map<String, String> all = new LinkedHashMap<>();
    List<String> names = W3cHeaders.headerNames();
    for (int i = 0; i < SEEDS.size(); i++) {
      all.put(names.get(i), SEEDS.get(i));
    }
    return List.of(
        Map.of(),
        Map.of("traceparent", SEEDS.get(0)),
        Map.of("traceparent", SEEDS.get(0), "baggage", SEEDS.get(1)),
        Map.of("baggage", SEEDS.get(1) + "," + SEEDS.get(1)),
        Map.of("TraceParent", SEEDS.get(0), "contextkit-signature", SEEDS.get(5)),
        Map.of("x-request-id", "bad\r\nid", "baggage", "user_id=%0d%0a"),
        all);
  }

  record ExtractInput(Map<String, String> raw, boolean trustedPeer) {}

  @TestFactory
  DynamicNode extractNeverThrowsAndEveryFieldIsValid() {
    Gen<Map<String, String>> headers = headers();
    Gen<Boolean> trusted = Gen.booleans();
    List<ExtractInput> examples = new ArrayList<>();
    for (Map<String, String> raw : exampleHeaders()) {
      examples.add(new ExtractInput(raw, true));
      examples.add(new ExtractInput(raw, false));
    }
    return ForAll.of(c -> new ExtractInput(headers.generate(c), trusted.generate(c)))
        .tries(TRIES)
        .examples(examples.toArray(ExtractInput[]::new))
        .check(input -> extractNeverThrowsAndEveryFieldIsValid(input.raw(), input.trustedPeer()));
  }

  private static void extractNeverThrowsAndEveryFieldIsValid(
      Map<String, String> raw, boolean trustedPeer) {
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

  @TestFactory
  DynamicNode injectedHeadersAreCleanAndRoundTripThroughASignedHop() {
    return forEachHeaderSet(
        "injectedHeadersAreCleanAndRoundTripThroughASignedHop",
        ContextPropagatorPropertiesTest::injectedHeadersAreCleanAndRoundTripThroughASignedHop);
  }

  private static void injectedHeadersAreCleanAndRoundTripThroughASignedHop(
      Map<String, String> raw) {
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

  @TestFactory
  DynamicNode thirdPartiesNeverReceiveIdentity() {
    return forEachHeaderSet(
        "thirdPartiesNeverReceiveIdentity",
        ContextPropagatorPropertiesTest::thirdPartiesNeverReceiveIdentity);
  }

  /** The header sets of {@link #headers()} as property {@code name}, which selects its inputs. */
  @SuppressWarnings("unchecked")
  private static DynamicNode forEachHeaderSet(
      String name, ForAll.Property<Map<String, String>> property) {
    return ForAll.of(headers())
        .named(ContextPropagatorPropertiesTest.class.getSimpleName() + "#" + name)
        .tries(TRIES)
        .examples(exampleHeaders().toArray(Map[]::new))
        .check(property);
  }

  private static void thirdPartiesNeverReceiveIdentity(Map<String, String> raw) {
    Headers headers = new Headers();
    raw.forEach(headers::add);
    RequestContext ctx = PROPAGATOR.extract(headers, Headers.GETTER, TRUSTED).context();

    Headers wire = new Headers();
    PROPAGATOR.inject(
        ctx, wire, Headers.SETTER, java.net.URI.create("https://api.partner.example/x"));

    // The W3C trace headers only: tracestate is the caller's vendor data, never our context.
    assertThat(wire.map.keySet()).contains("traceparent").isSubsetOf("traceparent", "tracestate");
    if (wire.map.containsKey("tracestate")) {
      assertThat(wire.get("tracestate")).isEqualTo(ctx.traceState());
    }
  }
}
