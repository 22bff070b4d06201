package io.contextkit.w3c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaggageTest {

  private static final BaggageLimits DEFAULTS = BaggageLimits.DEFAULTS;

  /** 64 members whose header is exactly 8192 bytes: the W3C minimum that must pass unchanged. */
  static String minimumHeader() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(String.format("k%02d=", i)).append("v".repeat(i == 63 ? 124 : 123));
    }
    return out.toString();
  }

  private static String members(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append("k").append(i).append("=v").append(i);
    }
    return out.toString();
  }

  @Test
  void parsesSpecExampleWithPropertiesAndOws() {
    BaggageParseResult result =
        Baggage.parse(
            "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue",
            DEFAULTS);

    Baggage baggage = result.baggage();
    assertThat(result.complete()).isTrue();
    assertThat(baggage.entries())
        .containsExactly(
            new Baggage.Entry(
                "key1",
                "value1",
                List.of(
                    new Baggage.Property("property1", null),
                    new Baggage.Property("property2", null))),
            new Baggage.Entry("key2", "value2"),
            new Baggage.Entry(
                "key3", "value3", List.of(new Baggage.Property("propertyKey", "propertyValue"))));
    assertThat(baggage.format())
        .isEqualTo(
            "key1=value1;property1;property2,key2=value2,key3=value3;propertyKey=propertyValue");
  }

  @Test
  void decodesPercentEncodedUtf8() {
    Baggage baggage =
        Baggage.parse("key1=value%201,key2=%E2%82%AC%c3%a9,key3=a%2Cb%3Bc%25", DEFAULTS).baggage();

    assertThat(baggage.get("key1")).isEqualTo("value 1");
    assertThat(baggage.get("key2")).isEqualTo("\u20ac\u00e9");
    assertThat(baggage.get("key3")).isEqualTo("a,b;c%");
  }

  @Test
  void roundTripsAnyTextThroughPercentEncoding() {
    String text = "a b,c;d\"e\\f%g=h \u00e9\u20ac\ud83d\ude00 +/?#&";
    Baggage baggage = Baggage.empty().with("user_id", text);

    String formatted = baggage.format();

    assertThat(formatted).matches("[\\x21-\\x7e]+").doesNotContain(" ", "\"", "\\", ";");
    assertThat(formatted)
        .startsWith("user_id=a%20b%2Cc%3Bd%22e%5Cf%25g=h%20%C3%A9%E2%82%AC%F0%9F%98%80");
    assertThat(Baggage.parse(formatted, DEFAULTS).baggage()).isEqualTo(baggage);
  }

  @Test
  void trimsOptionalWhitespaceAroundKeyAndValue() {
    Baggage baggage = Baggage.parse(" \tkey \t=\t value \t", DEFAULTS).baggage();

    assertThat(baggage.get("key")).isEqualTo("value");
  }

  @Test
  void acceptsEmptyValue() {
    assertThat(Baggage.parse("key=", DEFAULTS).baggage().get("key")).isEmpty();
  }

  @Test
  void toleratesEmptyMembers() {
    BaggageParseResult result = Baggage.parse(" ,a=1,, ,b=2,", DEFAULTS);

    assertThat(result.baggage().format()).isEqualTo("a=1,b=2");
    assertThat(result.complete()).isTrue();
  }

  @Test
  void combinesMultipleHeadersInOrder() {
    MapCarrier carrier = new MapCarrier().add("baggage", "a=1,b=2").add("Baggage", "c=3");

    BaggageParseResult result = Baggage.extract(carrier, MapCarrier.GETTER, DEFAULTS);

    assertThat(result.baggage().format()).isEqualTo("a=1,b=2,c=3");
  }

  @Test
  void skipsNullValuesFromASloppyCarrier() {
    List<String> values = new java.util.ArrayList<>();
    values.add("a=1");
    values.add(null);
    values.add("b=2");

    assertThat(Baggage.parse(values.iterator(), DEFAULTS).baggage().format()).isEqualTo("a=1,b=2");
  }

  @Test
  void laterDuplicateReplacesEarlierInPlace() {
    Baggage baggage = Baggage.parse(List.of("a=1,b=2", "a=3").iterator(), DEFAULTS).baggage();

    assertThat(baggage.format()).isEqualTo("a=3,b=2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bad=%",
        "bad=%4",
        "bad=%zz",
        "bad=%C3",
        "bad=%C0%80",
        "bad=%ED%A0%80",
        "bad=%F5%80%80%80",
        "bad=%FF",
        "bad=%80",
        "bad=%0A",
        "bad=%0D%0A",
        "bad=%00",
        "bad=%7F",
        "bad=%C2%85",
        "bad=a b",
        "bad=a\"b",
        "bad=a\\b",
        "bad=caf\u00e9",
        "bad=a\rb",
        "bad=a\nb",
        "b d=1",
        "(bad)=1",
        "=1",
        "novalue",
        "bad=1;p=a b",
        "bad=1;=x",
        "bad=1;p q"
      })
  void dropsAndCountsInvalidEntryButKeepsOthers(String invalid) {
    BaggageParseResult result = Baggage.parse("good=1," + invalid + ",also=2", DEFAULTS);

    assertThat(result.baggage().format()).isEqualTo("good=1,also=2");
    assertThat(result.invalidEntries()).isEqualTo(1);
    assertThat(result.droppedEntries()).isZero();
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void propagatesThe64MemberAnd8192ByteMinimumUnchanged() {
    String header = minimumHeader();
    assertThat(header).hasSize(8192);

    BaggageParseResult result = Baggage.parse(header, DEFAULTS);

    assertThat(result.baggage().size()).isEqualTo(64);
    assertThat(result.complete()).isTrue();
    assertThat(result.baggage().format(DEFAULTS)).isEqualTo(header);
    assertThat(DEFAULTS.meetsW3cMinimums()).isTrue();
  }

  @Test
  void drops65thMemberWithDefaultCap() {
    BaggageParseResult result = Baggage.parse(members(0, 65), DEFAULTS);

    assertThat(result.baggage().size()).isEqualTo(64);
    assertThat(result.baggage().get("k64")).isNull();
    assertThat(result.droppedEntries()).isEqualTo(1);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void invalidEntriesCountTowardTheMemberCap() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      header.append("pad").append(i).append("=%zz,");
    }
    header.append("user_id=alice");

    BaggageParseResult result = Baggage.parse(header, DEFAULTS);

    assertThat(result.baggage().isEmpty()).isTrue();
    assertThat(result.invalidEntries()).isEqualTo(64);
    assertThat(result.droppedEntries()).isEqualTo(1);
  }

  @Test
  void dropsOversizeValueWholeAndKeepsLaterEntries() {
    BaggageLimits limits = new BaggageLimits(64, 8192, 10);

    BaggageParseResult result = Baggage.parse("a=1,big=" + "x".repeat(11) + ",b=2", limits);

    assertThat(result.baggage().format(limits)).isEqualTo("a=1,b=2");
    assertThat(result.droppedEntries()).isEqualTo(1);
    assertThat(result.invalidEntries()).isZero();
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void dropsEntryStraddlingTheByteCapWholeAndStopsReading() {
    String header = "a=1,b=2,big=" + "x".repeat(100_000) + ",c=3";

    BaggageParseResult result = Baggage.parse(header, new BaggageLimits(64, 100, 100));

    assertThat(result.baggage().format()).isEqualTo("a=1,b=2");
    assertThat(result.droppedEntries()).isEqualTo(1);
    assertThat(result.truncated()).isTrue();
    assertThat(result.baggage().get("c")).isNull();
  }

  @Test
  void keepsEntryEndingExactlyAtTheByteCap() {
    BaggageParseResult result = Baggage.parse("a=1,b=2,c=3", new BaggageLimits(64, 7, 7));

    assertThat(result.baggage().format()).isEqualTo("a=1,b=2");
    // c=3 lies wholly beyond the cap: not inspected, so only the truncation flag reports it.
    assertThat(result.truncated()).isTrue();
    assertThat(result.droppedEntries()).isZero();
  }

  @Test
  void byteCapAppliesToCombinedHeaders() {
    BaggageParseResult result =
        Baggage.parse(List.of("a=1", "b=2", "c=3").iterator(), new BaggageLimits(64, 9, 9));

    assertThat(result.baggage().format()).isEqualTo("a=1,b=2");
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void formatDropsWholeEntriesToHonourTheByteCapAndTriesLaterOnes() {
    Baggage baggage = Baggage.empty().with("a", "1").with("big", "x".repeat(50)).with("b", "2");

    String formatted = baggage.format(new BaggageLimits(64, 20, 20));

    assertThat(formatted).isEqualTo("a=1,b=2");
  }

  @Test
  void formatHonoursMemberAndValueCaps() {
    Baggage baggage = Baggage.parse(members(0, 10), DEFAULTS).baggage();

    assertThat(baggage.format(new BaggageLimits(3, 8192, 8192))).isEqualTo("k0=v0,k1=v1,k2=v2");
    assertThat(
            Baggage.empty()
                .with("a", "\u20ac")
                .with("b", "1")
                .format(new BaggageLimits(64, 100, 8)))
        .isEqualTo("b=1");
  }

  @Test
  void formatNeverExceedsByteCapEvenForASingleEntry() {
    Baggage baggage = Baggage.empty().with("k", "v".repeat(100));

    assertThat(baggage.format(new BaggageLimits(64, 50, 200))).isEmpty();
  }

  @Test
  void withReplacesInPlaceAndWithoutRemoves() {
    Baggage baggage = Baggage.empty().with("a", "1").with("b", "2").with("a", "3");

    assertThat(baggage.format()).isEqualTo("a=3,b=2");
    assertThat(baggage.without("a").format()).isEqualTo("b=2");
    assertThat(baggage.without("missing")).isSameAs(baggage);
    assertThat(baggage.without("a").without("b")).isEqualTo(Baggage.empty());
    assertThat(baggage.getEntry("b")).isEqualTo(new Baggage.Entry("b", "2"));
  }

  @Test
  void withoutASetOfKeysRemovesThemAllInOnePassKeepingTheOrderOfTheRest() {
    Baggage baggage = Baggage.empty().with("a", "1").with("b", "2").with("c", "3").with("d", "4");

    assertThat(baggage.without(Set.of("a", "c", "missing")).format()).isEqualTo("b=2,d=4");
    assertThat(baggage.without(Set.of("missing"))).isSameAs(baggage);
    assertThat(baggage.without(Set.of())).isSameAs(baggage);
    assertThat(baggage.without(Set.of("a", "b", "c", "d"))).isSameAs(Baggage.empty());
    assertThat(baggage.without(Set.of("d")))
        .isEqualTo(baggage.without("d"))
        .extracting(Baggage::size)
        .isEqualTo(3);
  }

  @Test
  void withRejectsControlCharactersAndBadKeysNamingThem() {
    assertThatThrownBy(() -> Baggage.empty().with("user_id", "alice\r\nX-Admin: true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value");
    assertThatThrownBy(() -> Baggage.empty().with("user id", "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> Baggage.empty().with("k", "\ud800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value");
    assertThatThrownBy(() -> new Baggage.Property("p", "a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value");
  }

  @Test
  void injectWritesFormattedHeaderOnlyWhenNotEmpty() {
    MapCarrier carrier = new MapCarrier();

    Baggage.empty().inject(carrier, MapCarrier.SETTER, DEFAULTS);
    assertThat(carrier.values("baggage")).isEmpty();

    Baggage.empty().with("request_type", "TRACE").inject(carrier, MapCarrier.SETTER, DEFAULTS);
    assertThat(carrier.values("baggage")).containsExactly("request_type=TRACE");
  }

  @Test
  void toStringShowsKeysButNotValues() {
    Baggage baggage = Baggage.empty().with("user_id", "secret-alice");

    assertThat(baggage.toString()).contains("user_id").doesNotContain("secret-alice");
  }

  @Test
  void limitsRejectCapsBelowOneNamingThem() {
    assertThatThrownBy(() -> new BaggageLimits(0, 1, 1)).hasMessageContaining("maxMembers");
    assertThatThrownBy(() -> new BaggageLimits(1, 0, 1)).hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> new BaggageLimits(1, 1, 0)).hasMessageContaining("maxValueBytes");
    assertThat(new BaggageLimits(10, 100, 100).meetsW3cMinimums()).isFalse();
  }

  private static final String WATCHED = "request_type";

  @Test
  void countsAPlainEntryOfTheWatchedKey() {
    BaggageParseResult result = Baggage.parse("a=1, request_type = TRACE ,b=2", DEFAULTS, WATCHED);

    assertThat(result.watchedEntries()).isEqualTo(1);
    assertThat(result.watchedIrregular()).isFalse();
    assertThat(result.watchedKeyUnambiguous()).isTrue();
    assertThat(result.baggage().get(WATCHED)).isEqualTo("TRACE");
  }

  @Test
  void countsEveryPlainRepetitionOfTheWatchedKeyThoughOnlyTheLastIsKept() {
    BaggageParseResult result =
        Baggage.parse(
            List.of("request_type=TRACE,a=1", "request_type=STANDARD").iterator(),
            DEFAULTS,
            WATCHED);

    assertThat(result.watchedEntries()).isEqualTo(2);
    assertThat(result.watchedKeyUnambiguous()).isFalse();
    assertThat(result.baggage().format()).isEqualTo("request_type=STANDARD,a=1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Request_Type=TRACE",
        "request%5Ftype=TRACE",
        "request_type=%54RACE",
        "request_type=TRACE;p",
        "request_type=TRACE;",
        "request_type",
        "request_type=%zz",
        "request_type=a b",
        "request_type=TRACE;p q",
      })
  void countsTheWatchedKeyInAnyOtherFormAsIrregular(String member) {
    BaggageParseResult result = Baggage.parse("a=1," + member + ",b=2", DEFAULTS, WATCHED);

    assertThat(result.watchedEntries()).as(member).isZero();
    assertThat(result.watchedIrregular()).as(member).isTrue();
    assertThat(result.watchedKeyUnambiguous()).isFalse();
    assertThat(result.baggage().get("a")).isEqualTo("1");
    assertThat(result.baggage().get("b")).isEqualTo("2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x_request_type=1",
        "request_type2=1",
        "request-type=1",
        "k=request_type",
        "k=1;request_type=2"
      })
  void doesNotCountKeysThatMerelyContainTheWatchedKey(String member) {
    BaggageParseResult result = Baggage.parse(member, DEFAULTS, WATCHED);

    assertThat(result.watchedEntries()).as(member).isZero();
    assertThat(result.watchedIrregular()).as(member).isFalse();
  }

  @Test
  void countsTheWatchedKeyDroppedAtTheMemberAndValueCaps() {
    BaggageParseResult overMembers =
        Baggage.parse(members(0, 64) + ",request_type=TRACE", DEFAULTS, WATCHED);
    BaggageParseResult overValue =
        Baggage.parse("request_type=STANDARD", new BaggageLimits(64, 8192, 5), WATCHED);

    assertThat(overMembers.watchedIrregular()).isTrue();
    assertThat(overMembers.baggage().get(WATCHED)).isNull();
    assertThat(overValue.watchedIrregular()).isTrue();
    assertThat(overValue.droppedEntries()).isEqualTo(1);
  }

  @Test
  void scansPastTheByteCapForTheWatchedKeyWithoutKeepingAnything() {
    BaggageLimits limits = new BaggageLimits(64, 20, 20);

    BaggageParseResult result =
        Baggage.parse(
            List.of("a=1,b=" + "x".repeat(50) + ",c=3", "d=4, REQUEST_TYPE=TRACE").iterator(),
            limits,
            WATCHED);

    assertThat(result.watchedIrregular()).isTrue();
    assertThat(result.baggage().format()).isEqualTo("a=1");
    assertThat(result.truncated()).isTrue();
    assertThat(result.droppedEntries()).isEqualTo(1);
  }

  @Test
  void countsTheWatchedKeyStraddlingTheByteCap() {
    BaggageParseResult result =
        Baggage.parse("a=1,request_type=TRACE", new BaggageLimits(64, 10, 10), WATCHED);

    assertThat(result.watchedIrregular()).isTrue();
    assertThat(result.baggage().format()).isEqualTo("a=1");
  }

  @Test
  void countsNothingWithoutAWatchedKey() {
    BaggageParseResult result =
        Baggage.parse("request_type=TRACE,request_type=TRACE,Request_Type=TRACE", DEFAULTS);

    assertThat(result.watchedEntries()).isZero();
    assertThat(result.watchedIrregular()).isFalse();
    assertThat(result.watchedKeyUnambiguous()).isTrue();
  }

  @Test
  void knownKeysAreSharedInsteadOfCopiedAndTheResultIsTheSame() {
    String userId = new String("user_id".toCharArray());
    String[] known = {userId, "request_type"};
    List<String> headers =
        List.of("user_id=alice, team = blue;p=1", "Request_Type=TRACE,user_id2=x");

    BaggageParseResult shared = Baggage.parse(headers.iterator(), DEFAULTS, "request_type", known);
    BaggageParseResult copied = Baggage.parse(headers.iterator(), DEFAULTS, "request_type");

    assertThat(shared).isEqualTo(copied);
    assertThat(shared.baggage().entries().get(0).key()).isSameAs(userId);
    assertThat(copied.baggage().entries().get(0).key()).isNotSameAs(userId);
    // Only an exact match is shared: another case or a longer key is cut from the header.
    assertThat(shared.baggage().getEntry("Request_Type").key()).isNotSameAs(known[1]);
    assertThat(shared.baggage().getEntry("user_id2").key()).isEqualTo("user_id2");
    assertThat(known).containsExactly(userId, "request_type");
  }
}
