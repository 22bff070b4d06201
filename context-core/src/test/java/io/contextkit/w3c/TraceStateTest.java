package io.contextkit.w3c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceStateTest {

  private static String members(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append("k").append(i).append("=v").append(i);
    }
    return out.toString();
  }

  @Test
  void parsesSpecExampleInOrder() {
    TraceState state = TraceState.parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");

    assertThat(state.entries())
        .containsExactly(
            new TraceState.Entry("rojo", "00f067aa0ba902b7"),
            new TraceState.Entry("congo", "t61rcWkgMzE"));
    assertThat(state.get("congo")).isEqualTo("t61rcWkgMzE");
    assertThat(state.format()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  }

  @Test
  void combinesMultipleHeadersInOrder() {
    MapCarrier carrier =
        new MapCarrier().add("tracestate", "foo=1").add("TraceState", "bar=2,baz=3");

    TraceState state = TraceState.extract(carrier, MapCarrier.GETTER);

    assertThat(state.format()).isEqualTo("foo=1,bar=2,baz=3");
  }

  @Test
  void toleratesEmptyMembersAndOptionalWhitespace() {
    TraceState state = TraceState.parse(" ,a=1 ,\t, b=2\t,,");

    assertThat(state.format()).isEqualTo("a=1,b=2");
  }

  @Test
  void ignoresEmptyHeader() {
    assertThat(TraceState.parse("")).isEqualTo(TraceState.empty());
    assertThat(TraceState.parse((CharSequence) null).isEmpty()).isTrue();
    assertThat(TraceState.parse(List.of("", " ").iterator()).isEmpty()).isTrue();
  }

  @Test
  void anEmptyHeaderNextToARealOneChangesNothing() {
    assertThat(TraceState.parse(List.of("foo=1", "").iterator()).format()).isEqualTo("foo=1");
    assertThat(TraceState.parse(List.of("", "foo=1").iterator()).format()).isEqualTo("foo=1");
    assertThat(TraceState.parse("foo=1,").format()).isEqualTo("foo=1");
  }

  @Test
  void acceptsEveryPrintableValueCharacterIncludingLeadingSpace() {
    StringBuilder value = new StringBuilder(" ");
    for (char c = 0x21; c <= 0x7E; c++) {
      if (c != ',' && c != '=') {
        value.append(c);
      }
    }

    TraceState state = TraceState.parse("abcdefghijklmnopqrstuvwxyz0123456789_-*/=" + value);
    TraceState tenant = TraceState.parse("tenant0_-*/@a-z0-9_-*/=" + value);

    assertThat(state.get("abcdefghijklmnopqrstuvwxyz0123456789_-*/")).isEqualTo(value.toString());
    assertThat(tenant.get("tenant0_-*/@a-z0-9_-*/")).isEqualTo(value.toString());
  }

  @Test
  void skipsNullValuesFromASloppyCarrier() {
    List<String> values = new ArrayList<>();
    values.add("a=1");
    values.add(null);
    values.add("b=2");

    assertThat(TraceState.parse(values.iterator()).format()).isEqualTo("a=1,b=2");
  }

  @Test
  void keeps32MembersButDiscardsAllOf33() {
    assertThat(TraceState.parse(members(32)).size()).isEqualTo(32);
    assertThat(TraceState.parse(members(33)).isEmpty()).isTrue();
  }

  @Test
  void counts33MembersAcrossHeaders() {
    assertThat(TraceState.parse(List.of(members(32), "extra=1").iterator()).isEmpty()).isTrue();
  }

  @Test
  void acceptsKeyOf256CharactersButNot257() {
    assertThat(TraceState.parse("a".repeat(256) + "=1").size()).isEqualTo(1);
    assertThat(TraceState.parse("a".repeat(257) + "=1").isEmpty()).isTrue();
  }

  @Test
  void a257CharacterKeyInALaterHeaderDiscardsTheEarlierHeadersToo() {
    assertThat(TraceState.parse(List.of("foo=1", "z".repeat(257) + "=1").iterator()).isEmpty())
        .isTrue();
  }

  @Test
  void acceptsTenantAtSystemKeysOfAnySplitWithin256Characters() {
    String classic = "t".repeat(241) + "@" + "v".repeat(14);
    String longTenant = "t".repeat(242) + "@v";
    String longSystem = "t@" + "v".repeat(15);
    String digitFirst = "1tenant@vendor";

    TraceState state =
        TraceState.parse(
            List.of(
                    "foo=1",
                    classic + "=1," + longTenant + "=2",
                    longSystem + "=3," + digitFirst + "=4")
                .iterator());

    assertThat(state.get("foo")).isEqualTo("1");
    assertThat(state.get(classic)).isEqualTo("1");
    assertThat(state.get(longTenant)).isEqualTo("2");
    assertThat(state.get(longSystem)).isEqualTo("3");
    assertThat(state.get(digitFirst)).isEqualTo("4");
    assertThat(TraceState.parse("t".repeat(250) + "@" + "v".repeat(6) + "=1").isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo@", "foo@@bar", "foo@bar@baz", "1foo", "0", "a@1", "a/b*c-d_e"})
  void keysMayHoldAtSignsAnywhereButFirstAndMayStartWithADigit(String key) {
    TraceState state = TraceState.parse(key + "=1,bar=2");

    assertThat(state.get(key)).isEqualTo("1");
    assertThat(state.get("bar")).isEqualTo("2");
    assertThat(TraceState.isValidKey(key)).isTrue();
  }

  @Test
  void keepsTheFirstOfDuplicatedKeysAndInheritsTheRest() {
    assertThat(TraceState.parse("foo=1,foo=1").format()).isEqualTo("foo=1");
    assertThat(TraceState.parse("foo=1,bar=2,foo=3,baz=4").format()).isEqualTo("foo=1,bar=2,baz=4");
    assertThat(TraceState.parse(List.of("foo=1", "foo=2").iterator()).format()).isEqualTo("foo=1");
  }

  @Test
  void reportsDuplicatesDroppedAndWholeDiscards() {
    TraceStateParseResult duplicated =
        TraceState.parseCounting(List.of("foo=1,bar=2", "foo=3,bar=4,baz=5").iterator());
    TraceStateParseResult invalid = TraceState.parseCounting(List.of("foo=1", "FOO=2").iterator());
    TraceStateParseResult blank = TraceState.parseCounting(List.of("", " , ").iterator());

    assertThat(duplicated.traceState().format()).isEqualTo("foo=1,bar=2,baz=5");
    assertThat(duplicated.duplicatesDropped()).isEqualTo(2);
    assertThat(duplicated.discarded()).isFalse();
    assertThat(invalid.discarded()).isTrue();
    assertThat(invalid.traceState()).isEqualTo(TraceState.empty());
    assertThat(invalid.duplicatesDropped()).isZero();
    assertThat(blank.discarded()).isFalse();
    assertThat(blank.traceState().isEmpty()).isTrue();
  }

  @Test
  void duplicatesCountTowardThe32MemberLimit() {
    TraceStateParseResult result =
        TraceState.parseCounting(List.of(members(32), "k0=v0").iterator());

    assertThat(result.discarded()).isTrue();
    assertThat(TraceState.parse(members(31) + ",k0=v0").size()).isEqualTo(31);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Foo=1",
        "FOO=1",
        "foo.bar=1",
        "foo bar=1",
        "foo =1",
        "@vendor=1",
        "@foo=1",
        "_foo=1",
        "-foo=1",
        "*foo=1",
        "/foo=1",
        "foo=bar=baz",
        "foo=",
        "foo=,bar=3",
        "foo",
        "=bar",
        "foo=a,b=",
        "foo=caf\u00e9",
        "caf\u00e9=1",
        "foo=a\u0001b",
        "foo=a\u007fb",
        "ok=1,foo=a\tb"
      })
  void discardsWholeTracestateForAnyInvalidMember(String value) {
    assertThat(TraceState.parse("good=1," + value).isEmpty()).isTrue();
    assertThat(TraceState.parse(List.of("good=1", value).iterator()).isEmpty()).isTrue();
  }

  @Test
  void acceptsValueOf256CharactersButNot257() {
    assertThat(TraceState.parse("foo=" + "x".repeat(256)).size()).isEqualTo(1);
    assertThat(TraceState.parse("foo=" + "x".repeat(257)).isEmpty()).isTrue();
  }

  @Test
  void keepsLeadingSpaceOfValueAndDropsTrailingOws() {
    TraceState state = TraceState.parse("foo= bar \t");

    assertThat(state.get("foo")).isEqualTo(" bar");
  }

  @Test
  void putMovesUpdatedKeyToTheFront() {
    TraceState state = TraceState.parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");

    TraceState updated = state.put("congo", "ucfJifl5GOE");

    assertThat(updated.format()).isEqualTo("congo=ucfJifl5GOE,rojo=00f067aa0ba902b7");
    assertThat(state.format()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  }

  @Test
  void putAddsNewKeyAtTheFrontAndDropsTheLastBeyond32() {
    TraceState full = TraceState.parse(members(32));

    TraceState updated = full.put("new", "x");

    assertThat(updated.size()).isEqualTo(32);
    assertThat(updated.entries().get(0)).isEqualTo(new TraceState.Entry("new", "x"));
    assertThat(updated.get("k31")).isNull();
    assertThat(updated.get("k30")).isEqualTo("v30");
  }

  @Test
  void putRejectsInvalidKeyOrValueNamingIt() {
    assertThatThrownBy(() -> TraceState.empty().put("Bad", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> TraceState.empty().put("good", "a=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value");
  }

  @Test
  void removeDropsOnlyThatKey() {
    TraceState state = TraceState.parse("a=1,b=2,c=3");

    assertThat(state.remove("b").format()).isEqualTo("a=1,c=3");
    assertThat(state.remove("missing")).isSameAs(state);
    assertThat(TraceState.parse("a=1").remove("a")).isEqualTo(TraceState.empty());
  }

  @Test
  void formatKeepsEverythingWithinBudget() {
    TraceState state = TraceState.parse(members(32));

    assertThat(state.format()).isEqualTo(members(32));
  }

  @Test
  void truncationDropsEntriesLongerThan128CharactersFirst() {
    String big = "big=" + "x".repeat(200);
    TraceState state = TraceState.parse("a=1," + big + "," + members(20));
    assertThat(state.toString().length()).isGreaterThan(300);

    String formatted = state.format(300);

    // The big entry goes although it is not last; the small ones after it all survive.
    assertThat(formatted).isEqualTo("a=1," + members(20));
  }

  @Test
  void truncationThenDropsFromTheEndWholeEntriesOnly() {
    TraceState state = TraceState.parse("a=" + "1".repeat(100) + ",b=" + "2".repeat(100) + ",c=3");

    String formatted = state.format(150);

    assertThat(formatted).isEqualTo("a=" + "1".repeat(100));
    assertThat(state.format(0)).isEmpty();
    assertThat(state.format(106)).isEqualTo("a=" + "1".repeat(100)); // b=... does not fit
  }

  @Test
  void truncationDropsOnlyAsManyLargeEntriesAsNeeded() {
    String large1 = "l1=" + "x".repeat(140);
    String large2 = "l2=" + "y".repeat(140);
    TraceState state = TraceState.parse(large1 + "," + large2 + ",s=1");

    assertThat(state.format(large1.length() + 4)).isEqualTo(large1 + ",s=1");
  }

  @Test
  void formatRejectsNegativeBudget() {
    assertThatThrownBy(() -> TraceState.empty().format(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxChars");
  }

  @Test
  void discardsTracestateWhenTraceparentIsInvalid() {
    TraceState state = TraceState.parse("foo=1");

    assertThat(TraceState.discardUnlessParentValid(null, state)).isEqualTo(TraceState.empty());
    assertThat(
            TraceState.discardUnlessParentValid(TraceParent.parse(TraceParentTest.SAMPLED), state))
        .isEqualTo(state);
  }

  @Test
  void extractDoesNotReadTracestateWithoutValidTraceparent() {
    MapCarrier carrier = new MapCarrier().add("traceparent", "garbage").add("tracestate", "foo=1");

    TraceParent parent = TraceParent.extract(carrier, MapCarrier.GETTER);
    TraceState state = TraceState.extract(carrier, MapCarrier.GETTER, parent);

    assertThat(state.isEmpty()).isTrue();
    assertThat(carrier.namesRead).containsExactly("traceparent");
  }

  @Test
  void extractReadsTracestateWithValidTraceparent() {
    MapCarrier carrier =
        new MapCarrier().add("traceparent", TraceParentTest.SAMPLED).add("tracestate", "foo=1");

    TraceState state =
        TraceState.extract(
            carrier, MapCarrier.GETTER, TraceParent.extract(carrier, MapCarrier.GETTER));

    assertThat(state.get("foo")).isEqualTo("1");
  }

  @Test
  void injectSkipsEmptyTracestate() {
    MapCarrier carrier = new MapCarrier();

    TraceState.empty().inject(carrier, MapCarrier.SETTER);
    assertThat(carrier.values("tracestate")).isEmpty();

    TraceState.parse("a=1").inject(carrier, MapCarrier.SETTER);
    assertThat(carrier.values("tracestate")).containsExactly("a=1");
  }

  @Test
  void entriesAreUnmodifiable() {
    List<TraceState.Entry> entries = TraceState.parse("a=1").entries();

    assertThatThrownBy(() -> entries.add(new TraceState.Entry("b", "2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new ArrayList<>(entries)).hasSize(1);
  }
}
