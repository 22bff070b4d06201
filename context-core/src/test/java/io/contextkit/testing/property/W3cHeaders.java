package io.contextkit.testing.property;

import static io.contextkit.testing.property.Gen.weighted;
import static io.contextkit.testing.property.Gen.weightedValue;

import java.util.List;
import java.util.Locale;

/**
 * Generators for W3C Trace Context and Baggage headers: ids valid and not, {@code traceparent}
 * versions, flags and extensions, {@code tracestate} keys (plain and {@code tenant@system}, at and
 * past their length limit), values and lists, baggage keys, values and properties. Valid parts
 * dominate so that parsers get past their first check; near misses come from the alphabets' edges
 * and from {@link Mutations}.
 */
public final class W3cHeaders {

  /** The characters a {@code tracestate} key may hold after its first one, except {@code @}. */
  public static final Alphabet TRACESTATE_KEY_CHARS =
      Alphabet.of("abcdefghijklmnopqrstuvwxyz0123456789_-*/");

  /** A sample of the baggage key ({@code token}) alphabet, separators excluded. */
  public static final Alphabet BAGGAGE_KEY_CHARS = Alphabet.of("abcxyzABCXYZ0189!#$%&'*+-.^_`|~");

  private W3cHeaders() {}

  /** Lower-case hex strings of {@code length} characters. */
  public static Gen<String> hex(int length) {
    return Alphabet.LOWER_HEX.strings(length);
  }

  /** Trace ids: valid in 9 of 10, the invalid all-zero id otherwise. */
  public static Gen<String> traceIds() {
    return Gen.frequency(weighted(9, hex(32)), weightedValue(1, "0".repeat(32)));
  }

  /** Parent (span) ids: valid in 9 of 10, the invalid all-zero id otherwise. */
  public static Gen<String> parentIds() {
    return Gen.frequency(weighted(9, hex(16)), weightedValue(1, "0".repeat(16)));
  }

  /**
   * Ids that are not valid for {@code length} hex digits: upper-case digits, one digit too many or
   * too few, a non-hex character, all zeros, surrounding white space.
   */
  public static Gen<String> invalidIds(int length) {
    Gen<String> valid = hex(length).filter(s -> !s.equals("0".repeat(length)));
    Gen<Integer> index = Gen.ints(0, length - 1);
    Gen<Character> nonHex = Alphabet.of("ghxzGX-_ .\u00e9").and(Alphabet.range('A', 'F')).chars();
    return Gen.oneOf(
        c -> {
          String id = valid.generate(c);
          int i = index.generate(c);
          return id.substring(0, i) + nonHex.generate(c) + id.substring(i + 1);
        },
        valid.map(id -> id.substring(1)),
        valid.map(id -> id + "0"),
        Gen.constant("0".repeat(length)),
        valid
            .map(id -> id.toUpperCase(Locale.ROOT))
            .filter(id -> !id.equals(id.toLowerCase(Locale.ROOT))),
        valid.map(id -> " " + id));
  }

  /**
   * {@code traceparent} versions: mostly {@code 00}, sometimes the forbidden {@code ff}, or any.
   */
  public static Gen<String> versions() {
    return Gen.frequency(weightedValue(6, "00"), weightedValue(1, "ff"), weighted(2, hex(2)));
  }

  /** Two hex digits of {@code traceparent} flags. */
  public static Gen<String> flags() {
    return hex(2);
  }

  /**
   * What follows the flags: mostly nothing, else a {@code -} extension or a {@code .} near miss.
   */
  public static Gen<String> traceparentExtensions() {
    Gen<String> ascii = Alphabet.ASCII.strings(0, 20);
    return Gen.frequency(
        weightedValue(6, ""),
        weighted(2, ascii.map(s -> "-" + s)),
        weighted(1, ascii.map(s -> "." + s)));
  }

  /** {@code traceparent} headers built from the parts above, with optional white space around. */
  public static Gen<String> traceparents() {
    Gen<String> versions = versions();
    Gen<String> traceIds = traceIds();
    Gen<String> parentIds = parentIds();
    Gen<String> flags = flags();
    Gen<String> extensions = traceparentExtensions();
    Gen<String> ows = Text.ows();
    return c -> {
      String v = versions.generate(c);
      String t = traceIds.generate(c);
      String p = parentIds.generate(c);
      String f = flags.generate(c);
      String e = extensions.generate(c);
      return ows.generate(c) + v + "-" + t + "-" + p + "-" + f + e + ows.generate(c);
    };
  }

  /**
   * Plain {@code tracestate} keys, starting with a letter or a digit: short mostly, sometimes 256
   * or 257 characters (over the limit).
   */
  public static Gen<String> tracestateSimpleKeys() {
    Gen<Character> first =
        Gen.frequency(
            weighted(5, Alphabet.range('a', 'z').chars()),
            weighted(1, Alphabet.range('0', '9').chars()));
    // At signs may appear anywhere after the first character, any number of times.
    Alphabet chars = TRACESTATE_KEY_CHARS.and(Alphabet.of("@"));
    Gen<String> rest =
        Gen.frequency(
            weighted(60, chars.strings(0, 12)),
            weighted(2, chars.strings(255)),
            weighted(1, chars.strings(256)));
    return c -> first.generate(c) + rest.generate(c);
  }

  /**
   * {@code tenant@system} keys: a tenant of 241 characters and a system of 14 (the split Level 1
   * prescribed) or any other split, now and then around the 256-character limit of the whole key.
   */
  public static Gen<String> tracestateTenantKeys() {
    Gen<Character> first = Alphabet.range('a', 'z').chars();
    Gen<String> tenant =
        Gen.frequency(
            weighted(40, TRACESTATE_KEY_CHARS.strings(0, 8)),
            weighted(1, TRACESTATE_KEY_CHARS.strings(239, 241)));
    Gen<String> vendor =
        Gen.frequency(
            weighted(20, TRACESTATE_KEY_CHARS.strings(0, 14)),
            weighted(1, TRACESTATE_KEY_CHARS.strings(15, 20)));
    return c ->
        first.generate(c) + tenant.generate(c) + "@" + first.generate(c) + vendor.generate(c);
  }

  /**
   * {@code tracestate} values: printable ASCII without {@code ,} and {@code =} and not ending in a
   * space; short mostly, sometimes around the 256-character limit.
   */
  public static Gen<String> tracestateValues() {
    return Gen.frequency(
            weighted(40, Alphabet.PRINTABLE.strings(1, 20)),
            weighted(1, Alphabet.PRINTABLE.strings(250, 260)))
        .map(v -> v.replace(',', 'c').replace('=', 'e'))
        .map(v -> v.endsWith(" ") ? v.substring(0, v.length() - 1) + "x" : v);
  }

  /** {@code key=value} members with optional white space around. */
  public static Gen<String> tracestateMembers() {
    Gen<String> keys = Gen.oneOf(tracestateSimpleKeys(), tracestateTenantKeys());
    Gen<String> values = tracestateValues();
    Gen<String> ows = Text.ows();
    return c -> {
      String before = ows.generate(c);
      String key = keys.generate(c);
      String value = values.generate(c);
      return before + key + "=" + value + ows.generate(c);
    };
  }

  /** {@code tracestate} lists of up to 8 members, or up to 36 (past the 32-member limit). */
  public static Gen<String> tracestates() {
    Gen<String> member = tracestateMembers();
    return Gen.frequency(weighted(8, member.list(0, 8)), weighted(2, member.list(0, 36)))
        .map(members -> String.join(",", members));
  }

  /** Baggage keys from {@link #BAGGAGE_KEY_CHARS}, 1 to 12 characters. */
  public static Gen<String> baggageKeys() {
    return BAGGAGE_KEY_CHARS.strings(1, 12);
  }

  /**
   * Baggage values as decoded text, no control characters and no unpaired surrogates (which a value
   * cannot carry): printable ASCII mostly, any characters often, sometimes long Latin-1.
   */
  public static Gen<String> baggageText() {
    return Gen.frequency(
            weighted(30, Alphabet.PRINTABLE.strings(0, 30)),
            weighted(18, Alphabet.ALL.strings(0, 20)),
            weighted(1, Alphabet.range(' ', '\u00ff').strings(300, 1500)))
        .map(Text::withoutControls);
  }

  /** Values of baggage properties: absent in one of three, else short encoded text. */
  public static Gen<String> baggagePropertyValues() {
    return Alphabet.of("abc123%-_.~!").strings(0, 10).orNull(1.0 / 3);
  }

  /**
   * Raw baggage members whose values are {@link Text#percentEncodings() percent-encodings}, some
   * not UTF-8 once decoded, some broken by {@link Text#percentNearMisses() near-miss escapes}.
   */
  public static Gen<String> rawBaggageMembers() {
    Gen<String> keys = baggageKeys();
    Gen<String> values =
        Gen.frequency(
            weighted(4, Text.percentEncodings().map(Text.Encoded::text)),
            weighted(
                1,
                c ->
                    Text.percentEncodings().generate(c).text()
                        + Text.percentNearMisses().generate(c)));
    return c -> keys.generate(c) + "=" + values.generate(c);
  }

  /** The header names context propagation reads, one of them in another case. */
  public static List<String> headerNames() {
    return List.of(
        "traceparent",
        "tracestate",
        "baggage",
        "x-request-id",
        "contextkit-signature",
        "TraceParent");
  }
}
