package io.contextkit.w3c;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;

/**
 * Fuzzes the W3C parsers and formatters with generated headers that are then mutated (characters
 * inserted, deleted, replaced, upper-cased; segments duplicated, which duplicates members; huge
 * runs inserted; control characters, CR/LF, non-ASCII and lone surrogates injected) and split into
 * several header values.
 *
 * <p>Inputs per run: {@value #TRACEPARENT_TRIES} traceparents + {@value #TRACESTATE_TRIES}
 * tracestate header sets + {@value #BAGGAGE_TRIES} baggage header sets + {@value #ROUND_TRIP_TRIES}
 * generated baggage values + {@value #RANDOM_TRIES} arbitrary strings (each fed to all four
 * parsers) = <b>110,000 generated inputs</b>, 170,000 parser calls before re-parsing of formatted
 * output.
 *
 * <p>What must hold for every input: no exception escapes; traceparent and tracestate agree with an
 * independent regex rendering of the grammar (test code only — the parsers themselves use none);
 * every formatted output re-parses to an equal value (or, when truncated, to an ordered subset);
 * limits hold on output; no control character (CR/LF included) survives into a parsed value or a
 * formatted header.
 */
class W3CCodecPropertiesTest {

  static final int TRACEPARENT_TRIES = 25_000;
  static final int TRACESTATE_TRIES = 25_000;
  static final int BAGGAGE_TRIES = 30_000;
  static final int ROUND_TRIP_TRIES = 10_000;
  static final int RANDOM_TRIES = 20_000;

  private static final BaggageLimits GENEROUS = new BaggageLimits(10_000, 10_000_000, 10_000_000);

  // ---------------------------------------------------------------- traceparent

  private static final Pattern TRACEPARENT =
      Pattern.compile(
          "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?", Pattern.DOTALL);

  @Property(tries = TRACEPARENT_TRIES)
  void traceparentParserAgreesWithTheGrammarAndRoundTrips(
      @ForAll("mutatedTraceparents") String header) {
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

  @Provide
  Arbitrary<String> mutatedTraceparents() {
    Arbitrary<String> version =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just("00")),
            Tuple.of(1, Arbitraries.just("ff")),
            Tuple.of(2, Arbitraries.strings().withChars("0123456789abcdef").ofLength(2)));
    Arbitrary<String> traceId =
        Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.strings().withChars("0123456789abcdef").ofLength(32)),
            Tuple.of(1, Arbitraries.just("0".repeat(32))));
    Arbitrary<String> parentId =
        Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.strings().withChars("0123456789abcdef").ofLength(16)),
            Tuple.of(1, Arbitraries.just("0".repeat(16))));
    Arbitrary<String> flags = Arbitraries.strings().withChars("0123456789abcdef").ofLength(2);
    Arbitrary<String> extension =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just("")),
            Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(20).map(s -> "-" + s)),
            Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(20).map(s -> "." + s)));
    Arbitrary<String> valid =
        Combinators.combine(version, traceId, parentId, flags, extension, ows(), ows())
            .as(
                (v, t, p, f, e, before, after) ->
                    before + v + "-" + t + "-" + p + "-" + f + e + after);
    return Combinators.combine(valid, mutations(2)).as(W3CCodecPropertiesTest::mutate);
  }

  // ---------------------------------------------------------------- tracestate

  private static final Pattern TRACESTATE_MEMBER =
      Pattern.compile(
          "([a-z][a-z0-9_\\-*/]{0,255}|[a-z0-9][a-z0-9_\\-*/]{0,240}@[a-z][a-z0-9_\\-*/]{0,13})"
              + "=([\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e])");

  @Property(tries = TRACESTATE_TRIES)
  void tracestateParserAgreesWithTheGrammarAndTruncatesWithinBudget(
      @ForAll("mutatedTracestates") List<String> headers, @ForAll("budgets") int budget) {
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

  /** The tracestate grammar restated with regexes: the whole list is valid or nothing is. */
  private static List<TraceState.Entry> referenceTracestate(String combined) {
    List<TraceState.Entry> out = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (String raw : combined.split(",", -1)) {
      String member = stripOws(raw);
      if (member.isEmpty()) {
        continue;
      }
      Matcher m = TRACESTATE_MEMBER.matcher(member);
      if (!m.matches() || !keys.add(m.group(1)) || out.size() == TraceState.MAX_MEMBERS) {
        return List.of();
      }
      out.add(new TraceState.Entry(m.group(1), m.group(2)));
    }
    return out;
  }

  @Provide
  Arbitrary<List<String>> mutatedTracestates() {
    StringArbitrary keyChars =
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-*/");
    Arbitrary<String> simpleKey =
        Combinators.combine(
                Arbitraries.chars().range('a', 'z'),
                Arbitraries.frequencyOf(
                    Tuple.of(60, keyChars.ofMaxLength(12)),
                    Tuple.of(2, keyChars.ofLength(255)),
                    Tuple.of(1, keyChars.ofLength(256))))
            .as((first, rest) -> first + rest);
    Arbitrary<String> tenantKey =
        Combinators.combine(
                Arbitraries.chars().range('a', 'z'),
                Arbitraries.frequencyOf(
                    Tuple.of(40, keyChars.ofMaxLength(8)),
                    Tuple.of(1, keyChars.ofMinLength(239).ofMaxLength(241))),
                Arbitraries.chars().range('a', 'z'),
                keyChars.ofMaxLength(14))
            .as((t, tenant, v, vendor) -> t + tenant + "@" + v + vendor);
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
                Tuple.of(
                    40,
                    Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20)),
                Tuple.of(
                    1,
                    Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .ofMinLength(250)
                        .ofMaxLength(260)))
            .map(v -> v.replace(',', 'c').replace('=', 'e'))
            .map(v -> v.endsWith(" ") ? v.substring(0, v.length() - 1) + "x" : v);
    Arbitrary<String> member =
        Combinators.combine(Arbitraries.oneOf(simpleKey, tenantKey), value, ows(), ows())
            .as((k, v, before, after) -> before + k + "=" + v + after);
    Arbitrary<String> list =
        Arbitraries.frequencyOf(
                Tuple.of(8, member.list().ofMaxSize(8)), Tuple.of(2, member.list().ofMaxSize(36)))
            .map(members -> String.join(",", members));
    return Combinators.combine(list, mutations(1), splits())
        .as((s, ms, cuts) -> split(mutate(s, ms), cuts));
  }

  @Provide
  Arbitrary<Integer> budgets() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(TraceState.DEFAULT_MAX_CHARS)),
        Tuple.of(7, Arbitraries.integers().between(0, 1200)));
  }

  // ---------------------------------------------------------------- baggage

  @Property(tries = BAGGAGE_TRIES)
  void baggageParserHonoursLimitsAndFormattedOutputReparses(
      @ForAll("mutatedBaggage") List<String> headers,
      @ForAll("limits") BaggageLimits limits,
      @ForAll("limits") BaggageLimits outbound) {
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

  @Property(tries = ROUND_TRIP_TRIES)
  void generatedBaggageRoundTripsExactly(@ForAll("baggage") Baggage baggage) {
    String formatted = baggage.format(GENEROUS);

    assertPrintableAscii(formatted, false);
    BaggageParseResult parsed = Baggage.parse(formatted, GENEROUS);
    assertThat(parsed.complete()).isTrue();
    assertThat(parsed.baggage()).isEqualTo(baggage);
  }

  @Provide
  Arbitrary<Baggage> baggage() {
    Arbitrary<String> key =
        Arbitraries.strings()
            .withChars("abcxyzABCXYZ0189!#$%&'*+-.^_`|~")
            .ofMinLength(1)
            .ofMaxLength(12);
    Arbitrary<String> text =
        Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30)),
                Tuple.of(18, Arbitraries.strings().all().ofMaxLength(20)),
                Tuple.of(
                    1,
                    Arbitraries.strings()
                        .withCharRange(' ', '\u00ff')
                        .ofMinLength(300)
                        .ofMaxLength(1500)))
            .map(W3CCodecPropertiesTest::withoutControls);
    Arbitrary<Baggage.Property> property =
        Combinators.combine(
                key,
                Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just((String) null)),
                    Tuple.of(2, Arbitraries.strings().withChars("abc123%-_.~!").ofMaxLength(10))))
            .as(Baggage.Property::new);
    Arbitrary<Baggage.Entry> entry =
        Combinators.combine(key, text, property.list().ofMaxSize(2)).as(Baggage.Entry::new);
    return Arbitraries.frequencyOf(
            Tuple.of(8, entry.list().ofMaxSize(10)), Tuple.of(2, entry.list().ofMaxSize(70)))
        .map(
            entries -> {
              Baggage b = Baggage.empty();
              for (Baggage.Entry e : entries) {
                b = b.with(e);
              }
              return b;
            });
  }

  @Provide
  Arbitrary<List<String>> mutatedBaggage() {
    Arbitrary<String> valid = baggage().map(b -> b.format(GENEROUS));
    Arbitrary<String> withOws =
        Combinators.combine(valid, ows(), ows())
            .as((s, before, after) -> before + s.replace(",", after + "," + before) + after);
    return Combinators.combine(withOws, mutations(1), splits())
        .as((s, ms, cuts) -> split(mutate(s, ms), cuts));
  }

  @Provide
  Arbitrary<BaggageLimits> limits() {
    Arbitrary<BaggageLimits> small =
        Combinators.combine(
                Arbitraries.integers().between(1, 80),
                Arbitraries.integers().between(1, 10_000),
                Arbitraries.integers().between(1, 10_000))
            .as(BaggageLimits::new);
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(BaggageLimits.DEFAULTS)), Tuple.of(2, small));
  }

  // ---------------------------------------------------------------- arbitrary strings

  private static final Pattern REQUEST_ID = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,128}");

  @Property(tries = RANDOM_TRIES)
  void arbitraryStringsNeverBreakAnyParser(@ForAll("noise") String noise) {
    TraceParent parent = TraceParent.parse(noise);
    if (parent != null) {
      assertPrintableAscii(parent.format(), false);
    }
    TraceState state = TraceState.parse(noise);
    assertPrintableAscii(state.format(), true);
    BaggageParseResult baggage = Baggage.parse(noise, BaggageLimits.DEFAULTS);
    assertCleanEntries(baggage.baggage());
    assertPrintableAscii(baggage.baggage().format(), false);

    String id = RequestIdCodec.parse(noise);
    assertThat(id != null).isEqualTo(REQUEST_ID.matcher(stripOws(noise)).matches());
    if (id != null) {
      assertPrintableAscii(id, false);
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        interestingChars().list().ofMaxSize(200).map(W3CCodecPropertiesTest::join));
  }

  // ---------------------------------------------------------------- mutation machinery

  enum Kind {
    INSERT,
    DELETE,
    REPLACE,
    UPPERCASE,
    DUPLICATE,
    HUGE
  }

  record Mutation(Kind kind, int position, int length, char c) {}

  /** Mutation lists; {@code cleanWeight} in 5 inputs stay unmutated so valid input is common. */
  private static Arbitrary<List<Mutation>> mutations(int cleanWeight) {
    Arbitrary<Mutation> mutation =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(4, Arbitraries.just(Kind.INSERT)),
                    Tuple.of(3, Arbitraries.just(Kind.DELETE)),
                    Tuple.of(4, Arbitraries.just(Kind.REPLACE)),
                    Tuple.of(1, Arbitraries.just(Kind.UPPERCASE)),
                    Tuple.of(2, Arbitraries.just(Kind.DUPLICATE)),
                    Tuple.of(1, Arbitraries.just(Kind.HUGE))),
                Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(1, 300),
                interestingChars())
            .as(Mutation::new);
    return Arbitraries.frequencyOf(
        Tuple.of(cleanWeight, Arbitraries.just(List.of())),
        Tuple.of(5 - cleanWeight, mutation.list().ofMinSize(1).ofMaxSize(4)));
  }

  private static Arbitrary<Character> interestingChars() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            6,
            Arbitraries.of('-', '=', ',', ';', '%', ' ', '\t', '@', '*', '/', '_', '.', '"', '\\')),
        Tuple.of(6, Arbitraries.chars().range('0', '9').range('a', 'f')),
        Tuple.of(2, Arbitraries.chars().range('A', 'Z')),
        Tuple.of(3, Arbitraries.of('\r', '\n', '\u0000', '\u007f', '\u0085', '\u001b', '\u000b')),
        Tuple.of(2, Arbitraries.of('\u00e9', '\u20ac', '\ud83d', '\ude00', '\u2028', '\ufffd')),
        Tuple.of(1, Arbitraries.chars()));
  }

  private static Arbitrary<String> ows() {
    return Arbitraries.of("", "", "", " ", "\t", " \t ");
  }

  private static Arbitrary<List<Integer>> splits() {
    return Arbitraries.integers().between(0, 1_000_000).list().ofMaxSize(2);
  }

  static String mutate(String s, List<Mutation> mutations) {
    StringBuilder b = new StringBuilder(s);
    for (Mutation m : mutations) {
      int p = b.length() == 0 ? 0 : m.position() % (b.length() + 1);
      int at = Math.min(p, Math.max(0, b.length() - 1));
      switch (m.kind()) {
        case INSERT -> b.insert(p, m.c());
        case DELETE -> {
          if (b.length() > 0) {
            b.delete(at, Math.min(b.length(), at + 1 + m.length() % 4));
          }
        }
        case REPLACE -> {
          if (b.length() > 0) {
            b.setCharAt(at, m.c());
          }
        }
        case UPPERCASE -> {
          if (b.length() > 0) {
            b.setCharAt(at, Character.toUpperCase(b.charAt(at)));
          }
        }
        case DUPLICATE -> {
          String segment = b.substring(p, Math.min(b.length(), p + m.length()));
          b.insert(p, segment);
        }
        case HUGE -> b.insert(p, String.valueOf(m.c()).repeat(m.length() * 40));
      }
    }
    return b.toString();
  }

  static List<String> split(String s, List<Integer> cuts) {
    java.util.TreeSet<Integer> points = new java.util.TreeSet<>();
    List<Integer> commas = new ArrayList<>();
    for (int c : cuts) {
      int p = s.isEmpty() ? 0 : c % (s.length() + 1);
      int comma = s.indexOf(',', p);
      if (c % 2 == 0 && comma >= 0) {
        if (!commas.contains(comma)) {
          commas.add(comma); // a header boundary replaces this comma
        }
      } else {
        points.add(p);
      }
    }
    points.addAll(commas);
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int p : points) {
      out.add(s.substring(from, p));
      from = commas.contains(p) ? p + 1 : p;
    }
    out.add(s.substring(from));
    return out;
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

  private static String withoutControls(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (!Character.isSurrogate(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String join(List<Character> chars) {
    StringBuilder out = new StringBuilder(chars.size());
    for (char c : chars) {
      out.append(c);
    }
    return out.toString().toLowerCase(Locale.ROOT).equals("") ? "" : out.toString();
  }
}
