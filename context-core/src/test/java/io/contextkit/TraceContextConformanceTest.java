package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InternalHosts;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustPolicy;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our own vectors for each rule the W3C Trace Context test suite (Level 2, strict) checks, run
 * through the propagator the way the suite's harness sees a service: headers into {@link
 * ContextPropagator#extract}, then the headers {@link ContextPropagator#inject} writes on a call to
 * a host inside the trust boundary and to a third party. The caller is untrusted and the policy
 * continues its trace, as the samples' conformance endpoints are configured. The suite itself runs
 * outside the build: {@code conformance/run.sh}.
 */
class TraceContextConformanceTest {

  private static final String TRACE_ID = "12345678901234567890123456789012";
  private static final String PARENT_ID = "1234567890123456";
  private static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";
  private static final String UNSAMPLED = "00-" + TRACE_ID + "-" + PARENT_ID + "-00";
  private static final InboundPeer CALLER = InboundPeer.ofAddress("203.0.113.7");
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

  private static final ContextPropagator PROPAGATOR =
      ContextPropagator.builder()
          .trustPolicy(
              TrustPolicy.builder()
                  .untrustedTraceIdMode(TraceIdMode.CONTINUE)
                  .internalHosts(InternalHosts.of("localhost"))
                  .build())
          .build();

  /** Where the outbound call goes: the harness as an internal host or as a third party. */
  enum Destination {
    INTERNAL("http://localhost:7777/callback"),
    THIRD_PARTY("http://127.0.0.1:7777/callback");

    final URI uri;

    Destination(String uri) {
      this.uri = URI.create(uri);
    }
  }

  /** What one outbound call carried. */
  private record Sent(String traceId, String parentId, int flags, @Nullable String tracestate) {}

  private static Sent hop(Destination destination, String... headerPairs) {
    return hops(destination, 1, headerPairs)[0];
  }

  private static Sent[] hops(Destination destination, int calls, String... headerPairs) {
    Headers in = new Headers();
    for (int i = 0; i < headerPairs.length; i += 2) {
      in.add(headerPairs[i], headerPairs[i + 1]);
    }
    RequestContext context = PROPAGATOR.extract(in, Headers.GETTER, CALLER).context();
    Sent[] sent = new Sent[calls];
    for (int i = 0; i < calls; i++) {
      Headers out = new Headers();
      PROPAGATOR.inject(context, out, Headers.SETTER, destination.uri);
      assertThat(out.map.get("traceparent")).as("one traceparent").hasSize(1);
      Matcher m = TRACEPARENT.matcher(out.get("traceparent"));
      assertThat(m.matches()).as("valid traceparent %s", out.get("traceparent")).isTrue();
      assertThat(m.group(1)).isNotEqualTo("0".repeat(32));
      assertThat(m.group(2)).isNotEqualTo("0".repeat(16));
      assertThat(out.map.getOrDefault("tracestate", java.util.List.of()))
          .as("at most one tracestate")
          .hasSizeLessThanOrEqualTo(1);
      sent[i] =
          new Sent(m.group(1), m.group(2), Integer.parseInt(m.group(3), 16), out.get("tracestate"));
    }
    return sent;
  }

  private static void assertRestarted(Destination destination, String traceparent) {
    Sent sent = hop(destination, "traceparent", traceparent, "tracestate", "foo=1");
    assertThat(sent.traceId()).as("restarted for %s", traceparent).isNotEqualTo(TRACE_ID);
    assertThat(traceparent).doesNotContain(sent.traceId());
    assertThat(sent.tracestate()).as("tracestate of %s", traceparent).isNull();
  }

  private static void assertContinued(Destination destination, String traceparent) {
    Sent sent = hop(destination, "traceparent", traceparent);
    assertThat(sent.traceId()).as("continued %s", traceparent).isEqualTo(TRACE_ID);
    assertThat(sent.parentId()).isNotEqualTo(PARENT_ID);
  }

  private static @Nullable String tracestateOut(Destination destination, String... tracestates) {
    String[] pairs = new String[2 + 2 * tracestates.length];
    pairs[0] = "traceparent";
    pairs[1] = UNSAMPLED;
    for (int i = 0; i < tracestates.length; i++) {
      pairs[2 + 2 * i] = "tracestate";
      pairs[3 + 2 * i] = tracestates[i];
    }
    Sent sent = hop(destination, pairs);
    assertThat(sent.traceId()).isEqualTo(TRACE_ID);
    return sent.tracestate();
  }

  // ------------------------------------------------------------------ traceparent

  @ParameterizedTest
  @EnumSource(Destination.class)
  void startsANewValidTraceWhenNoHeaderArrives(Destination destination) {
    Sent sent = hop(destination);

    assertThat(sent.traceId()).isNotEqualTo(TRACE_ID);
    assertThat(sent.tracestate()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void continuesAValidTraceparentWithANewParentId(Destination destination) {
    assertContinued(destination, VALID);
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void restartsWhenTraceparentArrivesTwice(Destination destination) {
    String other = "00-12345678901234567890123456789011-" + PARENT_ID + "-01";
    Sent sent = hop(destination, "traceparent", other, "traceparent", VALID);

    assertThat(sent.traceId()).isNotIn(TRACE_ID, "12345678901234567890123456789011");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void ignoresTraceparentUnderAMisspelledName(Destination destination) {
    assertThat(hop(destination, "trace-parent", VALID).traceId()).isNotEqualTo(TRACE_ID);
    assertThat(hop(destination, "trace.parent", VALID).traceId()).isNotEqualTo(TRACE_ID);
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void readsTraceparentWhateverTheCaseOfItsName(Destination destination) {
    for (String name : new String[] {"TraceParent", "TrAcEpArEnT", "TRACEPARENT"}) {
      assertThat(hop(destination, name, VALID).traceId()).as(name).isEqualTo(TRACE_ID);
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void restartsVersion00WithAnythingAfterTheFlags(Destination destination) {
    assertRestarted(destination, VALID + ".");
    assertRestarted(destination, VALID + "-what-the-future-will-be-like");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void continuesAHigherVersionWithOrWithoutADashExtensionOnly(Destination destination) {
    String future = "cc-" + TRACE_ID + "-" + PARENT_ID + "-01";

    assertContinued(destination, future);
    assertContinued(destination, future + "-what-the-future-will-be-like");
    assertRestarted(destination, future + ".what-the-future-will-be-like");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void restartsVersionFf(Destination destination) {
    assertRestarted(destination, "ff-" + TRACE_ID + "-" + PARENT_ID + "-01");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void restartsAVersionWithIllegalCharactersOrTheWrongLength(Destination destination) {
    for (String version : new String[] {".0", "0.", "000", "0000", "0"}) {
      assertRestarted(destination, version + "-" + TRACE_ID + "-" + PARENT_ID + "-01");
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void restartsAnAllZeroIllegalTooLongOrTooShortTraceId(Destination destination) {
    for (String traceId :
        new String[] {
          "0".repeat(32),
          ".2345678901234567890123456789012",
          "1234567890123456789012345678901.",
          "123456789012345678901234567890123",
          "1234567890123456789012345678901"
        }) {
      Sent sent = hop(destination, "traceparent", "00-" + traceId + "-" + PARENT_ID + "-01");
      assertThat(traceId).as("restarted").doesNotContain(sent.traceId());
      assertThat(sent.traceId()).isNotEqualTo("23456789012345678901234567890123");
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void restartsAnAllZeroIllegalTooLongOrTooShortParentId(Destination destination) {
    for (String parentId :
        new String[] {
          "0".repeat(16),
          ".234567890123456",
          "123456789012345.",
          "12345678901234567",
          "123456789012345"
        }) {
      assertRestarted(destination, "00-" + TRACE_ID + "-" + parentId + "-01");
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void restartsFlagsWithIllegalCharactersOrTheWrongLength(Destination destination) {
    for (String flags : new String[] {".0", "0.", "001", "1"}) {
      assertRestarted(destination, "00-" + TRACE_ID + "-" + PARENT_ID + "-" + flags);
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void continuesATraceparentSurroundedBySpacesAndTabs(Destination destination) {
    for (String padded : new String[] {" " + VALID, "\t" + VALID, VALID + " ", VALID + "\t"}) {
      assertContinued(destination, padded);
    }
    assertContinued(destination, "\t " + VALID + " \t");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void keepsTheRandomTraceIdFlag(Destination destination) {
    Sent sent = hop(destination, "traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-02");

    assertThat(sent.traceId()).isEqualTo(TRACE_ID);
    assertThat(sent.parentId()).isNotEqualTo(PARENT_ID);
    assertThat(sent.flags() & 0x02).isEqualTo(0x02);
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void givesEveryCallItsOwnParentIdInOneTrace(Destination destination) {
    String[][] inputs = {
      {"traceparent", VALID}, {}, {"traceparent", "00-" + "0".repeat(32) + "-" + PARENT_ID + "-01"}
    };
    for (String[] input : inputs) {
      Set<String> traceIds = new HashSet<>();
      Set<String> parentIds = new HashSet<>();
      for (Sent sent : hops(destination, 3, input)) {
        traceIds.add(sent.traceId());
        parentIds.add(sent.parentId());
      }
      assertThat(traceIds).hasSize(1).doesNotContain("0".repeat(32));
      assertThat(parentIds).hasSize(3);
      if (input.length > 0 && input[1].equals(VALID)) {
        assertThat(traceIds).containsExactly(TRACE_ID);
      }
    }
  }

  // ------------------------------------------------------------------ tracestate

  @ParameterizedTest
  @EnumSource(Destination.class)
  void dropsTracestateThatArrivesWithoutTraceparent(Destination destination) {
    assertThat(hop(destination, "tracestate", "foo=1").tracestate()).isNull();
    assertThat(hop(destination, "tracestate", "foo=1,bar=2").tracestate()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void passesTracestateOnWithItsTraceparent(Destination destination) {
    assertThat(tracestateOut(destination, "foo=1,bar=2")).isEqualTo("foo=1,bar=2");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void ignoresTracestateUnderAMisspelledName(Destination destination) {
    for (String name : new String[] {"trace-state", "trace.state"}) {
      assertThat(hop(destination, "traceparent", UNSAMPLED, name, "foo=1").tracestate()).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void readsTracestateWhateverTheCaseOfItsName(Destination destination) {
    for (String name : new String[] {"TraceState", "TrAcEsTaTe", "TRACESTATE"}) {
      assertThat(hop(destination, "traceparent", UNSAMPLED, name, "foo=1").tracestate())
          .as(name)
          .isEqualTo("foo=1");
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void ignoresEmptyTracestateHeaders(Destination destination) {
    assertThat(tracestateOut(destination, "")).isNull();
    assertThat(tracestateOut(destination, "foo=1", "")).isEqualTo("foo=1");
    assertThat(tracestateOut(destination, "", "foo=1")).isEqualTo("foo=1");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void combinesSeveralTracestateHeadersInOrder(Destination destination) {
    assertThat(tracestateOut(destination, "foo=1,bar=2", "rojo=1,congo=2", "baz=3"))
        .isEqualTo("foo=1,bar=2,rojo=1,congo=2,baz=3");
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void passesOnDuplicatedKeysOnceAndKeepsTheRest(Destination destination) {
    long dropped = ContextKit.counters().get(Counter.TRACESTATE_DUPLICATES_DROPPED);

    assertThat(tracestateOut(destination, "foo=1,foo=1")).isEqualTo("foo=1");
    assertThat(tracestateOut(destination, "foo=1,foo=2")).isEqualTo("foo=1");
    assertThat(tracestateOut(destination, "foo=1", "foo=1")).isEqualTo("foo=1");
    assertThat(tracestateOut(destination, "foo=1", "foo=2")).isEqualTo("foo=1");
    assertThat(tracestateOut(destination, "foo=1,bar=2,foo=3")).isEqualTo("foo=1,bar=2");

    assertThat(ContextKit.counters().get(Counter.TRACESTATE_DUPLICATES_DROPPED))
        .isEqualTo(dropped + 5);
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void passesOnEveryCharacterTheGrammarAllows(Destination destination) {
    String key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
    String tenantKey = key + "@a-z0-9_-*/";
    StringBuilder value = new StringBuilder();
    for (char c = 0x20; c <= 0x7E; c++) {
      if (c != ',' && c != '=') {
        value.append(c);
      }
    }

    assertThat(tracestateOut(destination, key + "=" + value)).isEqualTo(key + "=" + value);
    assertThat(tracestateOut(destination, tenantKey + "=" + value))
        .isEqualTo(tenantKey + "=" + value);
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void ignoresSpacesAndTabsAroundMembers(Destination destination) {
    assertThat(tracestateOut(destination, "foo=1 \t , \t bar=2, \t baz=3"))
        .isEqualTo("foo=1,bar=2,baz=3");
    assertThat(tracestateOut(destination, "foo=1\t \t,\t \tbar=2,\t \tbaz=3"))
        .isEqualTo("foo=1,bar=2,baz=3");
    for (String padded : new String[] {" foo=1", "\tfoo=1", "foo=1 ", "foo=1\t", "\t foo=1 \t"}) {
      assertThat(tracestateOut(destination, padded)).isEqualTo("foo=1");
    }
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void discardsTheWholeTracestateForAKeyWithIllegalCharacters(Destination destination) {
    long dropped = ContextKit.counters().get(Counter.TRACESTATE_DROPPED);

    for (String member : new String[] {"foo =1", "FOO=1", "foo.bar=1"}) {
      assertThat(tracestateOut(destination, "bar=2," + member)).as(member).isNull();
    }

    assertThat(ContextKit.counters().get(Counter.TRACESTATE_DROPPED)).isEqualTo(dropped + 3);
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void passesOnKeysWithAtSignsButDiscardsAKeyStartingWithOne(Destination destination) {
    assertThat(tracestateOut(destination, "foo@=1,bar=2")).isEqualTo("foo@=1,bar=2");
    assertThat(tracestateOut(destination, "foo@@bar=1,bar=2")).isEqualTo("foo@@bar=1,bar=2");
    assertThat(tracestateOut(destination, "foo@bar@baz=1,bar=2")).isEqualTo("foo@bar@baz=1,bar=2");
    assertThat(tracestateOut(destination, "@foo=1,bar=2")).isNull();
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void passesOn32MembersButDiscardsAListOf33(Destination destination) {
    String first = members(1, 10);
    String second = members(11, 20);
    String third = members(21, 30);

    String kept = tracestateOut(destination, first, second, third, members(31, 32));

    assertThat(kept).startsWith("bar01=01,").endsWith(",bar32=32");
    assertThat(kept.split(",")).hasSize(32);
    assertThat(tracestateOut(destination, first, second, third, members(31, 33))).isNull();
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void passesOnKeysOfUpTo256CharactersHoweverTheAtSignSplitsThem(Destination destination) {
    for (String key :
        new String[] {
          "z".repeat(256),
          "t".repeat(241) + "@" + "v".repeat(14),
          "t".repeat(242) + "@v",
          "t@" + "v".repeat(15)
        }) {
      assertThat(tracestateOut(destination, "foo=1", key + "=1")).isEqualTo("foo=1," + key + "=1");
    }
    assertThat(tracestateOut(destination, "foo=1", "z".repeat(257) + "=1")).isNull();
  }

  @ParameterizedTest
  @EnumSource(Destination.class)
  void discardsTheWholeTracestateForAnIllegalValue(Destination destination) {
    assertThat(tracestateOut(destination, "foo=bar=baz")).isNull();
    assertThat(tracestateOut(destination, "foo=,bar=3")).isNull();
  }

  private static String members(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i <= to; i++) {
      if (out.length() > 0) {
        out.append(',');
      }
      String n = i < 10 ? "0" + i : Integer.toString(i);
      out.append("bar").append(n).append('=').append(n);
    }
    return out.toString();
  }
}
