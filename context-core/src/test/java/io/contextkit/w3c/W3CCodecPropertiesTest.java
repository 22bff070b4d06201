package io.contextkit.w3c;

import static io.contextkit.testing.property.Gen.weighted;
import static io.contextkit.testing.property.Gen.weightedValue;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testing.property.Alphabet;
import io.contextkit.testing.property.ForAll;
import io.contextkit.testing.property.Gen;
import io.contextkit.testing.property.Mutations;
import io.contextkit.testing.property.Text;
import io.contextkit.testing.property.W3cHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzes the W3C parsers and formatters with generated headers that are then mutated (characters
 * inserted, deleted, replaced, changed in case; stretches and whole members duplicated; huge runs
 * inserted; control characters, CR/LF, non-ASCII and lone surrogates injected) and split into
 * several header values. Generators and runner: {@code io.contextkit.testing.property}.
 *
 * <p>Random inputs per run: {@value #TRACEPARENT_TRIES} traceparents + {@value #TRACESTATE_TRIES}
 * tracestate header sets + {@value #BAGGAGE_TRIES} baggage header sets + {@value #ROUND_TRIP_TRIES}
 * generated baggage values + {@value #RANDOM_TRIES} arbitrary strings (each fed to all four
 * parsers) + {@value #PERCENT_TRIES} percent-encoded baggage values = <b>120,000 generated
 * inputs</b>, plus two edge cases and the listed examples per property.
 *
 * <p>What must hold for every input: no exception escapes; traceparent and tracestate agree with an
 * independent regex rendering of the grammar (test code only — the parsers themselves use none);
 * every formatted output re-parses to an equal value (or, when truncated, to an ordered subset);
 * limits hold on output; no control character (CR/LF included) survives into a parsed value or a
 * formatted header; a percent-encoded value decodes to its UTF-8 text or invalidates its entry.
 */
class W3CCodecPropertiesTest {

  static final int TRACEPARENT_TRIES = 25_000;
  static final int TRACESTATE_TRIES = 25_000;
  static final int BAGGAGE_TRIES = 30_000;
  static final int ROUND_TRIP_TRIES = 10_000;
  static final int RANDOM_TRIES = 20_000;
  static final int PERCENT_TRIES = 10_000;

  private static final BaggageLimits GENEROUS = new BaggageLimits(10_000, 10_000_000, 10_000_000);

  private static final String VALID_TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  // ---------------------------------------------------------------- traceparent

  private static final Pattern TRACEPARENT =
      Pattern.compile(
          "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?", Pattern.DOTALL);

  @TestFactory
  DynamicNode traceparentParserAgreesWithTheGrammarAndRoundTrips() {
    return ForAll.of(Mutations.mutated(W3cHeaders.traceparents(), 2))
        .tries(TRACEPARENT_TRIES)
        .examples(
            VALID_TRACEPARENT,
            " \t" + VALID_TRACEPARENT + "\t ",
            "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-" + "0".repeat(16) + "-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            VALID_TRACEPARENT + "-extension",
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-what-the-future-holds",
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.x",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            VALID_TRACEPARENT.substring(1),
            VALID_TRACEPARENT + "\r\n",
            "")
        .check(W3CCodecPropertiesTest::traceparentAgreesWithTheGrammar);
  }

  private static void traceparentAgreesWithTheGrammar(String header) {
    TraceParent parsed = TraceParent.parse(header);

    Matcher m = TRACEPARENT.matcher(stripOws(header));
    boolean valid =
        m.matches()
            && !m.group(1).equals("ff")
            && !(m.group(1).equals("00") && m.group(5) != null)
            && !m.group(2).equals("0".repeat(32))
            && !m.group(3).equals("0".repeat(16));
    assertThat(parsed != null).as("parsed %s", header).isEqualTo(valid);
    if (parsed != null) {
      assertThat(parsed.traceId()).isEqualTo(m.group(2));
      assertThat(parsed.parentId()).isEqualTo(m.group(3));
      assertThat(parsed.flags()).isEqualTo(Integer.parseInt(m.group(4), 16) & 0x03);
      String formatted = parsed.format();
      assertThat(formatted).hasSize(55).startsWith("00-");
      assertPrintableAscii(formatted, false);
      assertThat(TraceParent.parse(formatted)).isEqualTo(parsed);
      assertThat(TraceParent.create(parsed.traceId(), parsed.parentId(), parsed.flags()))
          .isEqualTo(parsed);
    }
  }

  // ---------------------------------------------------------------- tracestate

  private static final Pattern TRACESTATE_MEMBER =
      Pattern.compile(
          "([a-z0-9][a-z0-9_\\-*/@]{0,255})"
              + "=([\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e])");

  record TracestateInput(List<String> headers, int budget) {}

  @TestFactory
  DynamicNode tracestateParserAgreesWithTheGrammarAndTruncatesWithinBudget() {
    Gen<List<String>> headers = Mutations.mutatedAndSplit(W3cHeaders.tracestates(), 1);
    Gen<Integer> budgets =
        Gen.frequency(
            weightedValue(3, TraceState.DEFAULT_MAX_CHARS), weighted(7, Gen.ints(0, 1200)));
    String longest = "k" + "x".repeat(255) + "=" + "v".repeat(256);
    List<String> members33 = new ArrayList<>();
    for (int i = 0; i < 33; i++) {
      members33.add("m" + i + "=v");
    }
    return ForAll.of(c -> new TracestateInput(headers.generate(c), budgets.generate(c)))
        .tries(TRACESTATE_TRIES)
        .examples(
            new TracestateInput(List.of(""), 0),
            new TracestateInput(List.of("congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7"), 512),
            new TracestateInput(List.of("foo=1,foo=1"), 512),
            new TracestateInput(List.of("foo=1", "bar=2,foo=3"), 512),
            new TracestateInput(List.of("foo@=1,@bar=2"), 512),
            new TracestateInput(List.of("foo@@bar=1,a@b@c=2,0x=3"), 512),
            new TracestateInput(List.of("t".repeat(242) + "@v=1,t@" + "v".repeat(15) + "=2"), 512),
            new TracestateInput(List.of(longest, "a=b"), 300),
            new TracestateInput(List.of("k" + "x".repeat(256) + "=v"), 512),
            new TracestateInput(List.of("t" + "x".repeat(240) + "@vendor=v"), 512),
            new TracestateInput(List.of("a=b "), 512),
            new TracestateInput(List.of(String.join(",", members33)), 512),
            new TracestateInput(List.of(String.join(",", members33.subList(0, 32))), 1200),
            new TracestateInput(List.of("a=b", ",", " ,c=d"), 3))
        .check(input -> tracestateAgreesWithTheGrammar(input.headers(), input.budget()));
  }

  private static void tracestateAgreesWithTheGrammar(List<String> headers, int budget) {
    TraceState state = TraceState.parse(headers.iterator());

    List<TraceState.Entry> expected = referenceTracestate(String.join(",", headers));
    assertThat(state.entries()).as("parsed %s", headers).isEqualTo(expected);
    assertThat(state.size()).isLessThanOrEqualTo(TraceState.MAX_MEMBERS);

    String full = state.toString();
    assertPrintableAscii(full, true);
    assertThat(TraceState.parse(full)).isEqualTo(state);

    String cut = state.format(budget);
    assertThat(cut.length()).isLessThanOrEqualTo(budget);
    assertPrintableAscii(cut, true);
    if (full.length() <= budget) {
      assertThat(cut).isEqualTo(full);
    }
    assertOrderedSubset(TraceState.parse(cut).entries(), state.entries());
  }

  /**
   * The tracestate grammar restated with regexes: the whole list is valid (at most 32 members,
   * duplicates included) or nothing is; of duplicated keys the first member is kept.
   */
  private static List<TraceState.Entry> referenceTracestate(String combined) {
    List<TraceState.Entry> out = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    int members = 0;
    for (String raw : combined.split(",", -1)) {
      String member = stripOws(raw);
      if (member.isEmpty()) {
        continue;
      }
      Matcher m = TRACESTATE_MEMBER.matcher(member);
      if (!m.matches() || ++members > TraceState.MAX_MEMBERS) {
        return List.of();
      }
      if (keys.add(m.group(1))) {
        out.add(new TraceState.Entry(m.group(1), m.group(2)));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- baggage

  record BaggageInput(List<String> headers, BaggageLimits limits, BaggageLimits outbound) {}

  @TestFactory
  DynamicNode baggageParserHonoursLimitsAndFormattedOutputReparses() {
    Gen<String> valid = baggage().map(b -> b.format(GENEROUS));
    Gen<String> ows = Text.ows();
    Gen<String> withOws =
        c -> {
          String s = valid.generate(c);
          String before = ows.generate(c);
          String after = ows.generate(c);
          return before + s.replace(",", after + "," + before) + after;
        };
    Gen<List<String>> headers = Mutations.mutatedAndSplit(withOws, 1);
    Gen<BaggageLimits> limits = limits();
    BaggageLimits tiny = new BaggageLimits(1, 1, 1);
    return ForAll.of(
            c -> new BaggageInput(headers.generate(c), limits.generate(c), limits.generate(c)))
        .tries(BAGGAGE_TRIES)
        .examples(
            new BaggageInput(List.of(""), BaggageLimits.DEFAULTS, BaggageLimits.DEFAULTS),
            new BaggageInput(List.of("k=v"), tiny, tiny),
            new BaggageInput(
                List.of("user_id=al%20ice;p=1, team = blue ", "k=%E2%82%AC"),
                BaggageLimits.DEFAULTS,
                new BaggageLimits(1, 10, 10)),
            new BaggageInput(List.of("k=%zz,a=b,k2=%0A"), BaggageLimits.DEFAULTS, tiny),
            new BaggageInput(
                List.of("a=1,".repeat(100)), new BaggageLimits(80, 10_000, 10_000), tiny))
        .check(input -> baggageHonoursLimits(input.headers(), input.limits(), input.outbound()));
  }

  private static void baggageHonoursLimits(
      List<String> headers, BaggageLimits limits, BaggageLimits outbound) {
    BaggageParseResult result = Baggage.parse(headers.iterator(), limits);
    Baggage baggage = result.baggage();

    assertThat(baggage.size()).isLessThanOrEqualTo(limits.maxMembers());
    int members = nonEmptyMembers(String.join(",", headers));
    assertThat(baggage.size() + result.invalidEntries() + result.droppedEntries())
        .isLessThanOrEqualTo(members);
    if (!result.truncated()) {
      assertThat(result.droppedEntries()).isZero();
    }
    assertCleanEntries(baggage);
    // What came in under the inbound caps always goes out unchanged under the same caps.
    assertThat(Baggage.parse(baggage.format(limits), limits).baggage()).isEqualTo(baggage);

    // Outbound caps are independent of the inbound ones, so formatting must enforce them itself.
    String formatted = baggage.format(outbound);
    assertThat(formatted.length()).isLessThanOrEqualTo(outbound.maxBytes());
    assertPrintableAscii(formatted, false);
    BaggageParseResult again = Baggage.parse(formatted, outbound);
    assertThat(again.complete()).as("re-parse of %s", formatted).isTrue();
    assertThat(again.baggage().size()).isLessThanOrEqualTo(outbound.maxMembers());
    assertThat(again.baggage().format(outbound)).isEqualTo(formatted);
    assertOrderedSubset(again.baggage().entries(), baggage.entries());
    if (again.baggage().size() == baggage.size()) {
      assertThat(again.baggage()).isEqualTo(baggage);
    }
  }

  @TestFactory
  DynamicNode generatedBaggageRoundTripsExactly() {
    return ForAll.of(baggage())
        .tries(ROUND_TRIP_TRIES)
        .examples(
            Baggage.empty(),
            Baggage.empty().with("k", "").with("emoji", "\ud83d\ude00 \u20ac é"),
            Baggage.empty()
                .with(
                    new Baggage.Entry(
                        "k", "100% , ; = \\", List.of(new Baggage.Property("p", null)))))
        .check(
            baggage -> {
              String formatted = baggage.format(GENEROUS);

              assertPrintableAscii(formatted, false);
              BaggageParseResult parsed = Baggage.parse(formatted, GENEROUS);
              assertThat(parsed.complete()).isTrue();
              assertThat(parsed.baggage()).isEqualTo(baggage);
            });
  }

  private static Gen<Baggage> baggage() {
    Gen<String> key = W3cHeaders.baggageKeys();
    Gen<String> text = W3cHeaders.baggageText();
    Gen<String> propertyValue = W3cHeaders.baggagePropertyValues();
    Gen<Baggage.Property> property =
        c -> new Baggage.Property(key.generate(c), propertyValue.generate(c));
    Gen<List<Baggage.Property>> properties = property.list(0, 2);
    Gen<Baggage.Entry> entry =
        c -> new Baggage.Entry(key.generate(c), text.generate(c), properties.generate(c));
    return Gen.frequency(weighted(8, entry.list(0, 10)), weighted(2, entry.list(0, 70)))
        .map(
            entries -> {
              Baggage b = Baggage.empty();
              for (Baggage.Entry e : entries) {
                b = b.with(e);
              }
              return b;
            });
  }

  private static Gen<BaggageLimits> limits() {
    Gen<Integer> members = Gen.ints(1, 80);
    Gen<Integer> bytes = Gen.ints(1, 10_000);
    Gen<BaggageLimits> small =
        c -> new BaggageLimits(members.generate(c), bytes.generate(c), bytes.generate(c));
    return Gen.frequency(weightedValue(1, BaggageLimits.DEFAULTS), weighted(2, small));
  }

  record EncodedMember(String key, Text.Encoded value, String nearMiss) {}

  @TestFactory
  DynamicNode percentEncodedValuesDecodeToTheirTextOrInvalidateOnlyTheirEntry() {
    Gen<String> keys = W3cHeaders.baggageKeys();
    Gen<Text.Encoded> values = Text.percentEncodings();
    Gen<String> nearMisses =
        Gen.frequency(weightedValue(4, ""), weighted(1, Text.percentNearMisses()));
    return ForAll.of(
            c -> new EncodedMember(keys.generate(c), values.generate(c), nearMisses.generate(c)))
        .tries(PERCENT_TRIES)
        .examples(
            encoded("k", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, ""),
            encoded("k", new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, ""),
            encoded("k", new byte[] {(byte) 0xc0, (byte) 0xaf}, ""),
            encoded("k", new byte[] {0x0a}, ""),
            encoded("k", new byte[] {0x41}, "%4"))
        .check(
            member -> {
              String header =
                  "first=1,"
                      + member.key()
                      + "="
                      + member.value().text()
                      + member.nearMiss()
                      + ",last=2";

              BaggageParseResult result = Baggage.parse(header, GENEROUS);

              String decoded = new String(member.value().bytes(), StandardCharsets.UTF_8);
              boolean valid =
                  member.nearMiss().isEmpty()
                      && member.value().validUtf8()
                      && decoded.codePoints().noneMatch(Character::isISOControl);
              assertThat(result.baggage().get("first")).isEqualTo("1");
              assertThat(result.baggage().get("last")).isEqualTo("2");
              assertThat(result.invalidEntries())
                  .as("invalid entries of %s", header)
                  .isEqualTo(valid ? 0 : 1);
              assertThat(result.baggage().get(member.key())).isEqualTo(valid ? decoded : null);
            });
  }

  private static EncodedMember encoded(String key, byte[] bytes, String nearMiss) {
    return new EncodedMember(
        key,
        new Text.Encoded(Text.percentEncode(bytes, false), bytes, Text.isUtf8(bytes)),
        nearMiss);
  }

  // ---------------------------------------------------------------- arbitrary strings

  private static final Pattern REQUEST_ID = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,128}");

  @TestFactory
  DynamicNode arbitraryStringsNeverBreakAnyParser() {
    Gen<String> noise =
        Gen.oneOf(Alphabet.ALL.strings(0, 200), Gen.strings(Text.interestingChars(), 0, 200));
    return ForAll.of(noise)
        .tries(RANDOM_TRIES)
        .examples(
            "", " ", "\r\n", "\u0000", "\ud800", "\udfff\ud800", "%", ",;=", "\"", "x".repeat(129))
        .check(
            noiseInput -> {
              TraceParent parent = TraceParent.parse(noiseInput);
              if (parent != null) {
                assertPrintableAscii(parent.format(), false);
              }
              TraceState state = TraceState.parse(noiseInput);
              assertPrintableAscii(state.format(), true);
              BaggageParseResult baggage = Baggage.parse(noiseInput, BaggageLimits.DEFAULTS);
              assertCleanEntries(baggage.baggage());
              assertPrintableAscii(baggage.baggage().format(), false);

              String id = RequestIdCodec.parse(noiseInput);
              assertThat(id != null).isEqualTo(REQUEST_ID.matcher(stripOws(noiseInput)).matches());
              if (id != null) {
                assertPrintableAscii(id, false);
              }
            });
  }

  // ---------------------------------------------------------------- assertions

  private static void assertPrintableAscii(String s, boolean spaceAllowed) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 0x21 && c <= 0x7E || spaceAllowed && c == ' ';
      assertThat(ok).as("character %s at %s of %s", (int) c, i, s).isTrue();
    }
  }

  private static void assertCleanEntries(Baggage baggage) {
    Set<String> keys = new HashSet<>();
    for (Baggage.Entry e : baggage.entries()) {
      assertThat(keys.add(e.key())).as("duplicate key %s", e.key()).isTrue();
      assertPrintableAscii(e.key(), false);
      assertThat(e.value().codePoints().noneMatch(Character::isISOControl))
          .as("control character in value of %s", e.key())
          .isTrue();
      for (Baggage.Property p : e.properties()) {
        assertPrintableAscii(p.key(), false);
        if (p.value() != null) {
          assertPrintableAscii(p.value(), false);
        }
      }
    }
  }

  private static <T> void assertOrderedSubset(List<T> subset, List<T> of) {
    int j = 0;
    for (T item : subset) {
      while (j < of.size() && !of.get(j).equals(item)) {
        j++;
      }
      assertThat(j).as("%s is not an ordered subset of %s", subset, of).isLessThan(of.size());
      j++;
    }
  }

  private static int nonEmptyMembers(String combined) {
    int count = 0;
    for (String member : combined.split(",", -1)) {
      if (!stripOws(member).isEmpty()) {
        count++;
      }
    }
    return count;
  }

  private static String stripOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }
}
