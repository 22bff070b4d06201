package io.contextkit.w3c;

import io.contextkit.w3c.internal.Ascii;
import io.contextkit.w3c.internal.PercentCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable W3C {@code baggage}: an ordered list of entries with unique keys, each a key, a
 * decoded value and optional properties.
 *
 * <p><b>Parsing</b> ({@link #parse(CharSequence, BaggageLimits)}) treats the header as hostile
 * input and never throws. Grammar: {@code key OWS "=" OWS value *( OWS ";" OWS property )}, the key
 * an RFC 7230 token, the value percent-encoded UTF-8 made of baggage-octets. A member that breaks
 * the grammar, has a malformed percent sequence, decodes to invalid UTF-8 or to an ISO control
 * character (so CR/LF can never reach a log line) is dropped and counted as invalid; the others are
 * kept. Several headers are combined in order. Empty members are tolerated. When a key repeats, the
 * later value replaces the earlier one in its position. Caps ({@link BaggageLimits}) apply as
 * follows:
 *
 * <ul>
 *   <li>every non-empty member, valid or not, counts toward {@code maxMembers}; later members are
 *       dropped whole;
 *   <li>a member whose encoded value exceeds {@code maxValueBytes} is dropped whole;
 *   <li>the raw combined header is read only up to {@code maxBytes}: the member that straddles the
 *       cap is dropped whole and the rest is not parsed.
 * </ul>
 *
 * <p>A caller for whom one key is a switch can have it <em>watched</em> ({@link #parse(Iterator,
 * BaggageLimits, String)}): the result then also says in which forms that key was received —
 * repeated, in another case, encoded, or dropped by a cap — instead of only what was kept.
 *
 * <p><b>Formatting</b> ({@link #format(BaggageLimits)}) percent-encodes everything outside the
 * baggage-octets (and {@code %} itself) and never exceeds the caps: entries that do not fit are
 * left out whole, earlier entries taking precedence.
 *
 * <pre>{@code
 * BaggageParseResult in = Baggage.extract(request, getter, BaggageLimits.DEFAULTS);
 * droppedCounter.increment(in.invalidEntries() + in.droppedEntries());
 * String user = in.baggage().get("user_id");
 * in.baggage().with("request_type", "TRACE").inject(outbound, setter, BaggageLimits.DEFAULTS);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Baggage {

  private static final Baggage EMPTY = new Baggage(List.of());

  /** Above this many entries, duplicate detection while parsing switches to a hash index. */
  private static final int LINEAR_SEARCH_LIMIT = 32;

  /**
   * A baggage property as received: a key and, optionally, a raw (still percent-encoded) value.
   *
   * @param key an RFC 7230 token
   * @param value {@code null} for a key-only property, else baggage-octets (possibly empty)
   */
  public record Property(String key, @Nullable String value) {

    /**
     * Validates the property.
     *
     * @throws IllegalArgumentException naming {@code key} or {@code value} when invalid
     */
    public Property {
      Objects.requireNonNull(key, "key");
      if (!Ascii.isToken(key, 0, key.length())) {
        throw new IllegalArgumentException("key must be an RFC 7230 token: " + key);
      }
      if (value != null && !Ascii.isBaggageOctets(value, 0, value.length())) {
        throw new IllegalArgumentException("value must consist of baggage-octets for key " + key);
      }
    }
  }

  /**
   * One baggage entry.
   *
   * @param key an RFC 7230 token
   * @param value the decoded value: any well-formed text without ISO control characters (possibly
   *     empty); it is percent-encoded when formatted
   * @param properties the properties in order, possibly empty
   */
  public record Entry(String key, String value, List<Property> properties) {

    /**
     * Validates the entry and copies the properties.
     *
     * @throws IllegalArgumentException naming {@code key} or {@code value} when invalid
     */
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!Ascii.isToken(key, 0, key.length())) {
        throw new IllegalArgumentException("key must be an RFC 7230 token: " + key);
      }
      if (!PercentCodec.isEncodable(value)) {
        throw new IllegalArgumentException(
            "value must not contain control characters or lone surrogates, key " + key);
      }
      properties = List.copyOf(properties);
    }

    /** Creates an entry without properties. */
    public Entry(String key, String value) {
      this(key, value, List.of());
    }
  }

  private final List<Entry> entries;

  private Baggage(List<Entry> entries) {
    this.entries = entries;
  }

  /** Returns the empty baggage. */
  public static Baggage empty() {
    return EMPTY;
  }

  /**
   * Parses one {@code baggage} header value (see the class description for the rules).
   *
   * @param value the raw header value, possibly {@code null}
   * @param limits the caps to apply
   */
  public static BaggageParseResult parse(@Nullable CharSequence value, BaggageLimits limits) {
    return parse(value, limits, null);
  }

  /**
   * Parses one {@code baggage} header value and accounts for every list-member that carries {@code
   * watchedKey} (see {@link #parse(Iterator, BaggageLimits, String)}).
   *
   * @param value the raw header value, possibly {@code null}
   * @param limits the caps to apply
   * @param watchedKey the key to account for, or {@code null} for none
   */
  public static BaggageParseResult parse(
      @Nullable CharSequence value, BaggageLimits limits, @Nullable String watchedKey) {
    Parser parser = new Parser(limits, watchedKey, NO_KEYS);
    if (value != null) {
      parser.header(value);
    }
    return parser.result();
  }

  /**
   * Parses and combines, in order, the values of every {@code baggage} header received; the caps
   * apply to the combined header, each join counting as one comma.
   */
  public static BaggageParseResult parse(Iterator<String> values, BaggageLimits limits) {
    return parse(values, limits, null);
  }

  /**
   * Parses like {@link #parse(Iterator, BaggageLimits)} and also accounts for every list-member
   * that carries {@code watchedKey} in any form, so that a caller for whom that key is a switch
   * (ContextKit's {@code request_type}) can refuse anything but one plain entry instead of silently
   * seeing it absent or overwritten.
   *
   * <p>A list-member <em>carries</em> the watched key when its key — the text before the first
   * {@code =} or {@code ;}, OWS trimmed — equals {@code watchedKey} ignoring ASCII case, after
   * decoding any {@code %XX} sequence in it. Such a member counts as {@linkplain
   * BaggageParseResult#watchedEntries() plain} only when it is kept, its key equals {@code
   * watchedKey} exactly, its value is not percent-encoded and it has no properties (not even an
   * empty {@code ;}); in every other case — another case, an encoded key or value, properties,
   * invalid, over a cap, or beyond the byte cap — it counts as {@linkplain
   * BaggageParseResult#watchedIrregular() irregular}. Keys that merely contain the watched key
   * ({@code x_request_type}) and properties named like it do not carry it.
   *
   * <p>To see members beyond the byte cap, the rest of the input (the rest of this header and every
   * later header) is scanned for member keys: a character scan that allocates nothing and keeps
   * nothing; the caps still bound what is parsed, decoded and kept.
   *
   * @param values the values of every {@code baggage} header received, in order
   * @param limits the caps to apply
   * @param watchedKey the key to account for, or {@code null} for none
   */
  public static BaggageParseResult parse(
      Iterator<String> values, BaggageLimits limits, @Nullable String watchedKey) {
    return parse(values, limits, watchedKey, NO_KEYS);
  }

  /**
   * Parses like {@link #parse(Iterator, BaggageLimits, String)}; an entry whose key equals one of
   * {@code knownKeys} gets that very {@code String} as its key instead of a copy cut from the
   * header, which spares the copy for the keys a caller expects on every request (ContextKit's own
   * entry names). The result is the same either way; the array is only read, during this call.
   *
   * @param values the values of every {@code baggage} header received, in order
   * @param limits the caps to apply
   * @param watchedKey the key to account for, or {@code null} for none
   * @param knownKeys keys to share instead of copying; may be empty
   */
  public static BaggageParseResult parse(
      Iterator<String> values,
      BaggageLimits limits,
      @Nullable String watchedKey,
      String[] knownKeys) {
    // Kept this small on purpose (the loop and the list live in the parser): C2 inlines it into
    // ContextPropagator.extract only while its compiled code stays under InlineSmallCode, and
    // only then is the result replaced by its fields instead of allocated (HeaderCodecBenchmark).
    Parser parser = new Parser(limits, watchedKey, knownKeys);
    parser.headers(values);
    return parser.result();
  }

  private static final String[] NO_KEYS = {};

  /** Reads, combines and parses the {@code baggage} headers of a carrier. */
  public static <C> BaggageParseResult extract(
      C carrier, HeaderGetter<C> getter, BaggageLimits limits) {
    return parse(getter.getAll(carrier, W3CHeaders.BAGGAGE), limits);
  }

  /** Returns the decoded value for {@code key}, or {@code null}. */
  public @Nullable String get(String key) {
    Entry entry = getEntry(key);
    return entry == null ? null : entry.value();
  }

  /** Returns the entry for {@code key}, or {@code null}. */
  public @Nullable Entry getEntry(String key) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.key().equals(key)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Returns baggage with {@code key} set to {@code value} (no properties): replaced in place when
   * the key exists, appended otherwise.
   *
   * @throws IllegalArgumentException naming {@code key} or {@code value} when invalid
   */
  public Baggage with(String key, String value) {
    return with(new Entry(key, value));
  }

  /** Returns baggage with {@code entry} replacing the entry of its key in place, or appended. */
  public Baggage with(Entry entry) {
    Objects.requireNonNull(entry, "entry");
    List<Entry> out = new ArrayList<>(entries.size() + 1);
    boolean replaced = false;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.key().equals(entry.key())) {
        out.add(entry);
        replaced = true;
      } else {
        out.add(e);
      }
    }
    if (!replaced) {
      out.add(entry);
    }
    return new Baggage(Collections.unmodifiableList(out));
  }

  /** Returns baggage without {@code key} (this one when absent). */
  public Baggage without(String key) {
    if (getEntry(key) == null) {
      return this;
    }
    List<Entry> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!e.key().equals(key)) {
        out.add(e);
      }
    }
    return out.isEmpty() ? EMPTY : new Baggage(Collections.unmodifiableList(out));
  }

  /**
   * Returns baggage without the entries whose key is in {@code keys}, in one pass (this one when
   * none is present, the empty baggage when none is left).
   */
  public Baggage without(Set<String> keys) {
    Objects.requireNonNull(keys, "keys");
    int kept = 0;
    for (int i = 0; i < entries.size(); i++) {
      if (!keys.contains(entries.get(i).key())) {
        kept++;
      }
    }
    if (kept == entries.size()) {
      return this;
    }
    if (kept == 0) {
      return EMPTY;
    }
    List<Entry> out = new ArrayList<>(kept);
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!keys.contains(e.key())) {
        out.add(e);
      }
    }
    return new Baggage(Collections.unmodifiableList(out));
  }

  /** The entries in order; unmodifiable. */
  public List<Entry> entries() {
    return entries;
  }

  /** Number of entries. */
  public int size() {
    return entries.size();
  }

  /** Whether there are no entries. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Formats with {@link BaggageLimits#DEFAULTS}. */
  public String format() {
    return format(BaggageLimits.DEFAULTS);
  }

  /**
   * Formats as {@code k1=v1;p1,k2=v2} with values percent-encoded as UTF-8. At most {@code
   * maxMembers} entries are written; an entry whose encoded value exceeds {@code maxValueBytes}, or
   * that would take the output past {@code maxBytes}, is left out whole and later (smaller) entries
   * are still tried. The output is printable ASCII, so its length in characters is its size in
   * bytes.
   *
   * @return the header value, empty when nothing fits
   */
  public String format(BaggageLimits limits) {
    StringBuilder out = new StringBuilder(64);
    int written = 0;
    for (int i = 0; i < entries.size() && written < limits.maxMembers(); i++) {
      Entry e = entries.get(i);
      int mark = out.length();
      if (written > 0) {
        out.append(',');
      }
      out.append(e.key()).append('=');
      int valueStart = out.length();
      PercentCodec.encode(out, e.value());
      if (out.length() - valueStart > limits.maxValueBytes() || out.length() > limits.maxBytes()) {
        out.setLength(mark);
        continue;
      }
      List<Property> properties = e.properties();
      for (int p = 0; p < properties.size(); p++) {
        Property property = properties.get(p);
        out.append(';').append(property.key());
        if (property.value() != null) {
          out.append('=').append(property.value());
        }
      }
      if (out.length() > limits.maxBytes()) {
        out.setLength(mark);
        continue;
      }
      written++;
    }
    return out.toString();
  }

  /** Writes {@link #format(BaggageLimits)} as the {@code baggage} header, unless it is empty. */
  public <C> void inject(C carrier, HeaderSetter<C> setter, BaggageLimits limits) {
    String value = format(limits);
    if (!value.isEmpty()) {
      setter.set(carrier, W3CHeaders.BAGGAGE, value);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Baggage other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** Returns the keys only, never the values: baggage may carry personal data. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Baggage[");
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(entries.get(i).key());
    }
    return out.append(']').toString();
  }

  /** Single-use parse state; the combined input is read left to right exactly once. */
  private static final class Parser {
    private static final int NOT_WATCHED = 0;
    private static final int WATCHED_EXACT = 1;
    private static final int WATCHED_LOOSE = 2;

    private static final int DROPPED = 0;
    private static final int KEPT = 1;
    private static final int KEPT_PLAIN = 2;

    // The fields are sized to keep this object small (56 bytes): the parser is allocated per
    // request. Hence an int for consumed (it never exceeds maxBytes) and a saturating byte for the
    // plain watched members.

    private final BaggageLimits limits;
    private final @Nullable String watched;
    private final String[] knownKeys;
    // Created with the first entry: a request without baggage allocates no list, and the parse
    // entry point (inlined into callers) stays small.
    private @Nullable List<Entry> entries;
    private @Nullable Map<String, Integer> index;

    /** Bytes of the combined header consumed so far; -1 before the first header (no comma yet). */
    private int consumed = -1;

    private int seen;
    private int invalid;
    private int dropped;
    private byte watchedPlain;
    private boolean watchedIrregular;
    private boolean truncated;
    private boolean stopped;

    Parser(BaggageLimits limits, @Nullable String watched, String[] knownKeys) {
      this.limits = Objects.requireNonNull(limits, "limits");
      this.watched = watched;
      this.knownKeys = Objects.requireNonNull(knownKeys, "knownKeys");
    }

    void headers(Iterator<String> values) {
      while (values.hasNext() && !(stopped && watched == null)) {
        String value = values.next();
        if (value != null) { // a sloppy carrier; nothing to combine
          header(value);
        }
      }
    }

    void header(CharSequence s) {
      if (stopped) {
        // Past the byte cap: nothing more is parsed, only looked at for the watched key.
        scanForWatched(s, 0, s.length());
        return;
      }
      consumed++; // the comma that joins combined headers (none before the first)
      int length = s.length();
      int room = limits.maxBytes() - consumed;
      int limit = Math.max(0, Math.min(length, room));
      boolean cut = limit < length;
      int pos = 0;
      while (true) {
        int comma = pos;
        while (comma < limit && s.charAt(comma) != ',') {
          comma++;
        }
        if (comma == limit && cut) {
          char next = s.charAt(limit);
          int rest = pos;
          if (next == ',') {
            member(s, pos, limit); // ends exactly at the cap
            rest = limit + 1;
          } else if (!Ascii.isOws(next) || Ascii.skipOws(s, pos, limit) < limit) {
            dropped++; // straddles the cap: never truncated, dropped whole
          }
          truncated = true;
          stopped = true;
          scanForWatched(s, rest, length);
          return;
        }
        member(s, pos, comma);
        if (comma >= length) {
          break;
        }
        pos = comma + 1;
      }
      consumed += length;
    }

    private void member(CharSequence s, int from, int to) {
      int start = Ascii.skipOws(s, from, to);
      int end = Ascii.trimOwsEnd(s, start, to);
      if (start == end) {
        return;
      }
      int semi = indexOf(s, ';', start, end);
      int eq = indexOf(s, '=', start, semi);
      int keyEnd = Ascii.trimOwsEnd(s, start, eq);
      int kept = keep(s, start, end, semi, eq, keyEnd);
      String name = watched;
      if (name != null) {
        int watch = watchOf(name, s, start, keyEnd);
        if (watch == WATCHED_EXACT && kept == KEPT_PLAIN) {
          if (watchedPlain < Byte.MAX_VALUE) {
            watchedPlain++;
          }
        } else if (watch != NOT_WATCHED) {
          watchedIrregular = true;
        }
      }
    }

    /**
     * Parses the non-empty member {@code s[start, end)} and keeps it if it is valid and within the
     * caps. Apart from {@link #member} so that each stays under the JIT's inlining limit.
     *
     * @return {@link #DROPPED}, {@link #KEPT} or {@link #KEPT_PLAIN} (no properties, nothing
     *     percent-encoded in the value)
     */
    private int keep(CharSequence s, int start, int end, int semi, int eq, int keyEnd) {
      if (++seen > limits.maxMembers()) {
        dropped++;
        truncated = true;
        return DROPPED;
      }
      if (eq == semi) {
        invalid++;
        return DROPPED;
      }
      int valueStart = Ascii.skipOws(s, eq + 1, semi);
      int valueEnd = Ascii.trimOwsEnd(s, valueStart, semi);
      if (!Ascii.isToken(s, start, keyEnd)) {
        invalid++;
        return DROPPED;
      }
      if (valueEnd - valueStart > limits.maxValueBytes()) {
        dropped++;
        truncated = true;
        return DROPPED;
      }
      String value = PercentCodec.decode(s, valueStart, valueEnd);
      if (value == null) {
        invalid++;
        return DROPPED;
      }
      List<Property> properties = List.of();
      if (semi < end) {
        properties = properties(s, semi + 1, end);
        if (properties == null) {
          invalid++;
          return DROPPED;
        }
      }
      add(new Entry(key(s, start, keyEnd), value, properties));
      // Decoding shortens any value holding a %XX, so equal lengths mean nothing was encoded.
      return semi == end && value.length() == valueEnd - valueStart ? KEPT_PLAIN : KEPT;
    }

    /** The key {@code s[start, end)}: a known key's own instance when it is one, else a copy. */
    private String key(CharSequence s, int start, int end) {
      int length = end - start;
      for (String known : knownKeys) {
        if (known.length() == length && regionEquals(known, s, start)) {
          return known;
        }
      }
      return s.subSequence(start, end).toString();
    }

    private static boolean regionEquals(String known, CharSequence s, int start) {
      if (s instanceof String string) {
        return string.regionMatches(start, known, 0, known.length());
      }
      for (int i = 0; i < known.length(); i++) {
        if (s.charAt(start + i) != known.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /** Looks at the keys of the members in {@code s[from, to)} without parsing them. */
    private void scanForWatched(CharSequence s, int from, int to) {
      String name = watched;
      if (name == null) {
        return;
      }
      int pos = from;
      while (pos < to) {
        int comma = indexOf(s, ',', pos, to);
        int start = Ascii.skipOws(s, pos, comma);
        int keyEnd = start;
        while (keyEnd < comma && s.charAt(keyEnd) != '=' && s.charAt(keyEnd) != ';') {
          keyEnd++;
        }
        if (watchOf(name, s, start, Ascii.trimOwsEnd(s, start, keyEnd)) != NOT_WATCHED) {
          watchedIrregular = true;
        }
        pos = comma + 1;
      }
    }

    /**
     * Whether the key {@code s[from, to)} is the watched key exactly, loosely (another ASCII case,
     * or with {@code %XX} sequences that decode to it), or not at all. Rejects most keys on their
     * length alone and never allocates.
     */
    private static int watchOf(String name, CharSequence s, int from, int to) {
      int n = name.length();
      int length = to - from;
      if (length < n || length > 3 * n) {
        return NOT_WATCHED; // an encoded character takes three, a plain one one
      }
      boolean exact = length == n;
      int j = 0;
      for (int i = from; i < to; i++) {
        if (j == n) {
          return NOT_WATCHED;
        }
        char c = s.charAt(i);
        char expected = name.charAt(j++);
        if (c == expected) {
          continue;
        }
        exact = false;
        if (c == '%' && i + 2 < to) {
          int hi = Ascii.anyHexValue(s.charAt(i + 1));
          int lo = Ascii.anyHexValue(s.charAt(i + 2));
          if (hi >= 0 && lo >= 0) {
            c = (char) ((hi << 4) | lo);
            i += 2;
          }
        }
        if (Ascii.toLowerCase(c) != Ascii.toLowerCase(expected)) {
          return NOT_WATCHED;
        }
      }
      if (j != n) {
        return NOT_WATCHED;
      }
      return exact ? WATCHED_EXACT : WATCHED_LOOSE;
    }

    private static @Nullable List<Property> properties(CharSequence s, int from, int to) {
      List<Property> out = new ArrayList<>(2);
      int pos = from;
      while (pos <= to) {
        int next = indexOf(s, ';', pos, to);
        int start = Ascii.skipOws(s, pos, next);
        int end = Ascii.trimOwsEnd(s, start, next);
        if (start < end) {
          int eq = indexOf(s, '=', start, end);
          int keyEnd = Ascii.trimOwsEnd(s, start, eq);
          if (!Ascii.isToken(s, start, keyEnd)) {
            return null;
          }
          String key = s.subSequence(start, keyEnd).toString();
          if (eq == end) {
            out.add(new Property(key, null));
          } else {
            int valueStart = Ascii.skipOws(s, eq + 1, end);
            if (!Ascii.isBaggageOctets(s, valueStart, end)) {
              return null;
            }
            out.add(new Property(key, s.subSequence(valueStart, end).toString()));
          }
        }
        pos = next + 1;
      }
      return out;
    }

    private void add(Entry entry) {
      List<Entry> entries = this.entries;
      if (entries == null) {
        entries = new ArrayList<>(8);
        this.entries = entries;
      }
      int existing = find(entries, entry.key());
      if (existing >= 0) {
        entries.set(existing, entry);
        return;
      }
      entries.add(entry);
      if (index != null) {
        index.put(entry.key(), entries.size() - 1);
      } else if (entries.size() > LINEAR_SEARCH_LIMIT) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
          map.put(entries.get(i).key(), i);
        }
        index = map;
      }
    }

    private int find(List<Entry> entries, String key) {
      if (index != null) {
        Integer i = index.get(key);
        return i == null ? -1 : i;
      }
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).key().equals(key)) {
          return i;
        }
      }
      return -1;
    }

    private static int indexOf(CharSequence s, char c, int from, int to) {
      for (int i = from; i < to; i++) {
        if (s.charAt(i) == c) {
          return i;
        }
      }
      return to;
    }

    BaggageParseResult result() {
      List<Entry> entries = this.entries;
      Baggage baggage =
          entries == null ? EMPTY : new Baggage(Collections.unmodifiableList(entries));
      return new BaggageParseResult(
          baggage, invalid, dropped, truncated, watchedPlain, watchedIrregular);
    }
  }
}
