package io.contextkit.stress;

import io.contextkit.ContextField;
import io.contextkit.ContextPropagator;
import io.contextkit.ContextScope;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InboundTrust;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * (a) Generated and mutated header sets through {@link ContextPropagator}: each set is extracted
 * from an untrusted peer (verified by its signature only), the context projected into the MDC and
 * injected again (to an internal and to a third-party destination), and the injected headers
 * extracted once more. Counted as failures: an exception escaping any of these, an emitted {@code
 * traceparent}/{@code tracestate} that is not valid W3C, identity accepted without a genuine
 * signature over exactly those fields, a forged signature verified, a raw control character in an
 * MDC value or an emitted header, an injected hop that does not round-trip.
 *
 * <pre>java ... io.contextkit.stress.PropagatorFuzz [count] [seed]</pre>
 */
public final class PropagatorFuzz {

  private static final byte[] SECRET =
      "stress-0123456789abcdef-0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_SECRET =
      "forger-0123456789abcdef-0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final InboundPeer STRANGER = InboundPeer.ofAddress("198.51.100.7");

  private final List<String> examples = new ArrayList<>();
  private long escaped;
  private long invalidTraceparent;
  private long invalidTracestate;
  private long identityWithoutSignature;
  private long signatureOverOtherFields;
  private long forgedVerified;
  private long controlInMdc;
  private long dirtyHeader;
  private long roundTripBroken;
  private long genuineAccepted;
  private long mutatedRejected;
  private long emitted;

  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
    PropagatorFuzz fuzz = new PropagatorFuzz();
    long started = System.nanoTime();
    long done = fuzz.run(count, seed);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "PropagatorFuzz: %,d header sets in %.0f s (seed %d); %s%n",
        done, seconds, seed, HeaderSets.describe());
    System.out.printf(
        "genuine signatures accepted %,d, mutated sets rejected %,d, headers emitted %,d%n",
        fuzz.genuineAccepted, fuzz.mutatedRejected, fuzz.emitted);
    fuzz.examples.forEach(e -> System.out.println("  example: " + e));
    boolean pass =
        Figure.report(
            List.of(
                Figure.atLeast("(a) header sets through ContextPropagator", done, 1_000_000),
                Figure.zero("(a) escaped exceptions", fuzz.escaped),
                Figure.zero("(a) emitted traceparent not valid W3C", fuzz.invalidTraceparent),
                Figure.zero("(a) emitted tracestate not valid W3C", fuzz.invalidTracestate),
                Figure.zero(
                    "(a) user_id/account_id/TRACE accepted from an untrusted caller without a valid"
                        + " signature",
                    fuzz.identityWithoutSignature),
                Figure.zero(
                    "(a) signature verified although a signed field was changed",
                    fuzz.signatureOverOtherFields),
                Figure.zero("(a) forged signatures verified", fuzz.forgedVerified),
                Figure.zero("(a) raw control characters in MDC values", fuzz.controlInMdc),
                Figure.zero(
                    "(a) emitted headers with a non-visible-ASCII character", fuzz.dirtyHeader),
                Figure.zero("(a) injected hops that did not round-trip", fuzz.roundTripBroken)),
            System.out);
    System.exit(pass ? 0 : 1);
  }

  private long run(long count, long seed) {
    SigningKeys keys = SigningKeys.of("k1", SECRET);
    ContextPropagator propagator =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .internalHosts(InternalHosts.of("localhost"))
                    .signingKeys(keys)
                    // As both samples: an untrusted caller's trace id is continued, identity is
                    // not.
                    .untrustedTraceIdMode(TraceIdMode.CONTINUE)
                    .build())
            .build();
    HeaderSets sets =
        new HeaderSets(
            propagator,
            ContextSignature.create(keys),
            ContextSignature.create(SigningKeys.of("k1", OTHER_SECRET)));
    long done = 0;
    for (long i = 0; i < count; i++) {
      long setSeed = seed + i;
      HeaderSets.HeaderSet set;
      try {
        set = sets.generate(setSeed);
      } catch (RuntimeException generatorGaveUp) {
        // A generator filter that found no value: not an input, not counted.
        continue;
      }
      done++;
      try {
        check(propagator, set, setSeed);
      } catch (Throwable t) {
        escaped++;
        example("seed " + setSeed + ": " + t);
      }
      if (i % 100_000 == 99_999) {
        System.err.printf("  %,d sets, %,d failures so far%n", done, failures());
      }
    }
    return done;
  }

  private long failures() {
    return escaped
        + invalidTraceparent
        + invalidTracestate
        + identityWithoutSignature
        + signatureOverOtherFields
        + forgedVerified
        + controlInMdc
        + dirtyHeader
        + roundTripBroken;
  }

  private void check(ContextPropagator propagator, HeaderSets.HeaderSet set, long seed) {
    HeaderMap carrier = set.carrier();
    InboundContext in = propagator.extract(carrier, HeaderMap.GETTER, STRANGER);
    RequestContext ctx = in.context();
    boolean signatureAccepted = in.trust().reason() == InboundTrust.Reason.VALID_SIGNATURE;
    if (in.trust().reason() == InboundTrust.Reason.TRUSTED_PEER) {
      identityWithoutSignature++;
      example("seed " + seed + ": a stranger was taken as a trusted peer");
    }
    if (signatureAccepted) {
      // What the receiver verified: the fields the (possibly mutated) headers claim. They must be
      // exactly the fields the key holder signed, and the context may only hold those.
      SignedFields claimed = propagator.claimedFields(carrier, HeaderMap.GETTER);
      if (set.signing() == HeaderSets.Signing.FORGED) {
        forgedVerified++;
        example("seed " + seed + ": forged signature verified " + set.headers());
      } else if (set.signing() == HeaderSets.Signing.NONE
          || !claimed.equals(set.signed())
          || !fromClaims(ctx, claimed)) {
        signatureOverOtherFields++;
        example(
            "seed "
                + seed
                + ": accepted "
                + ContextPropagator.signedFields(ctx)
                + " claimed "
                + claimed
                + " but signed "
                + set.signed());
      } else {
        genuineAccepted++;
      }
    } else {
      if (ctx.userId() != null
          || ctx.accountId() != null
          || ctx.isTrace()
          || ctx.tester()
          || ctx.license() != null) {
        identityWithoutSignature++;
        example("seed " + seed + ": untrusted context kept identity " + ctx);
      }
      if (set.signing() == HeaderSets.Signing.GENUINE && set.mutated()) {
        mutatedRejected++;
      }
    }

    try (ContextScope scope = ctx.makeCurrent()) {
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      if (mdc != null) {
        for (Map.Entry<String, String> e : mdc.entrySet()) {
          if (W3cValidity.firstControl(e.getValue()) >= 0) {
            controlInMdc++;
            example("seed " + seed + ": MDC " + e.getKey() + " has a control character");
          }
        }
      }
      for (ContextField field : ContextField.values()) {
        String value = ctx.get(field);
        if (value != null && W3cValidity.firstControl(value) >= 0) {
          controlInMdc++;
          example("seed " + seed + ": field " + field.key() + " has a control character");
        }
      }
    }

    checkInjected(propagator, ctx, OutboundPolicy.FULL, seed, true);
    checkInjected(propagator, ctx, OutboundPolicy.TRACE_CONTEXT, seed, false);
  }

  /** Whether every privileged field of {@code ctx} is the claimed one (or dropped as invalid). */
  private static boolean fromClaims(RequestContext ctx, SignedFields claimed) {
    return (ctx.userId() == null || ctx.userId().equals(claimed.userId()))
        && (ctx.accountId() == null || ctx.accountId().equals(claimed.accountId()))
        && (ctx.license() == null || ctx.license().equals(claimed.license()))
        && (!ctx.tester() || claimed.tester())
        && (!ctx.isTrace() || "TRACE".equals(claimed.requestType()));
  }

  private void checkInjected(
      ContextPropagator propagator,
      RequestContext ctx,
      OutboundPolicy policy,
      long seed,
      boolean roundTrip) {
    HeaderMap wire = new HeaderMap();
    propagator.inject(ctx, wire, HeaderMap.SETTER, policy);
    for (Map.Entry<String, List<String>> header : wire.map.entrySet()) {
      for (String value : header.getValue()) {
        emitted++;
        if (!W3cValidity.visibleAscii(value)) {
          dirtyHeader++;
          example("seed " + seed + ": emitted " + header.getKey() + " not visible ASCII");
        }
      }
    }
    String traceparent = wire.first("traceparent");
    if (ctx.traceId() != null && !W3cValidity.traceparent(traceparent)) {
      invalidTraceparent++;
      example("seed " + seed + ": emitted traceparent " + traceparent);
    }
    String tracestate = wire.first("tracestate");
    if (tracestate != null && !W3cValidity.tracestate(tracestate)) {
      invalidTracestate++;
      example("seed " + seed + ": emitted tracestate " + tracestate);
    }
    if (!roundTrip) {
      return;
    }
    InboundContext again = propagator.extract(wire, HeaderMap.GETTER, STRANGER);
    SignedFields sent = ContextPropagator.signedFields(ctx);
    boolean identity = sent.userId() != null || sent.accountId() != null || ctx.isTrace();
    if ((identity && !again.trust().accepted())
        || !Objects.equals(ContextPropagator.signedFields(again.context()), sent)) {
      roundTripBroken++;
      example(
          "seed "
              + seed
              + ": injected "
              + sent
              + " came back as "
              + ContextPropagator.signedFields(again.context())
              + " ("
              + again.trust()
              + ")");
    }
  }

  private void example(String text) {
    if (examples.size() < 20) {
      examples.add(text.length() > 600 ? text.substring(0, 600) + "…" : text);
    }
  }
}
