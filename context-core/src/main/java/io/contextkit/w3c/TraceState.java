package io.contextkit.w3c;

import io.contextkit.w3c.internal.Ascii;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable W3C {@code tracestate}: an ordered list of at most 32 vendor entries, each key
 * unique.
 *
 * <p><b>Parsing</b> follows the Level 2 grammar. The values of several headers are combined in
 * order; list members are separated by commas, spaces and tabs around a member are ignored, and
 * empty or whitespace-only members (as in {@code a=1,,b=2} or an empty header) are skipped and not
 * counted. A key is 1 to 256 characters, starts with a lowercase letter or a digit, and continues
 * with lowercase letters, digits, {@code _ - * /} and {@code @} — so the multi-tenant form {@code
 * tenant@system} is one spelling of a key, not a separate grammar (and {@code foo@} or {@code
 * a@b@c} are keys too). A value is 1 to 256 printable ASCII characters (0x20-0x7E) except {@code ,}
 * and {@code =}, leading spaces kept, trailing spaces and tabs taken as whitespace around the
 * member.
 *
 * <ul>
 *   <li>A member that breaks the grammar, or more than 32 members in the combined list (duplicates
 *       included), makes the <em>whole</em> tracestate invalid: {@link #empty()} is returned.
 *   <li>A key that appears again is a duplicate: the first member with that key (the leftmost, the
 *       most recent position) is kept and later ones are dropped, as the specification allows; the
 *       rest of the list is inherited unchanged.
 * </ul>
 *
 * <p>Parsing never throws. {@link #parseCounting(Iterator)} also says whether the header was
 * discarded and how many duplicates were dropped, so callers can count them.
 *
 * <p><b>The caller's rule:</b> a tracestate is meaningful only with a valid {@code traceparent}.
 * When the traceparent is missing or invalid the tracestate must be dropped without being parsed;
 * this class cannot see the traceparent, so callers apply {@link #discardUnlessParentValid} or use
 * {@link #extract(Object, HeaderGetter, TraceParent)}.
 *
 * <p><b>Formatting</b> truncates to a character budget (default 512, counting commas) by dropping
 * whole entries, first entries longer than 128 characters starting from the end, then entries from
 * the end, as the specification's limits section asks.
 *
 * <pre>{@code
 * TraceParent parent = TraceParent.extract(request, getter);
 * TraceState state = TraceState.extract(request, getter, parent).put("ck", parentSpanId);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TraceState {

  /** Maximum number of list members. */
  public static final int MAX_MEMBERS = 32;

  /** Default character budget of the formatted header; the specification's propagation minimum. */
  public static final int DEFAULT_MAX_CHARS = 512;

  /** Entries longer than this are the first dropped when truncating. */
  public static final int LARGE_ENTRY_CHARS = 128;

  /** Longest key. */
  public static final int MAX_KEY = 256;

  /** Longest value. */
  public static final int MAX_VALUE = 256;

  private static final TraceState EMPTY = new TraceState(List.of());

  /**
   * One {@code key=value} list member.
   *
   * @param key a valid tracestate key
   * @param value a valid tracestate value
   */
  public record Entry(String key, String value) {

    /**
     * Validates the entry.
     *
     * @throws IllegalArgumentException naming {@code key} or {@code value} when it is invalid
     */
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!isValidKey(key)) {
        throw new IllegalArgumentException("key is not a valid tracestate key: " + key);
      }
      if (!isValidValue(value)) {
        throw new IllegalArgumentException("value is not a valid tracestate value for key " + key);
      }
    }

    int length() {
      return key.length() + 1 + value.length();
    }
  }

  private final List<Entry> entries;

  private TraceState(List<Entry> entries) {
    this.entries = entries;
  }

  /** Returns the empty tracestate, also the result of any invalid input. */
  public static TraceState empty() {
    return EMPTY;
  }

  /**
   * Parses one {@code tracestate} header value.
   *
   * @return the tracestate, or {@link #empty()} when absent, empty or invalid
   */
  public static TraceState parse(@Nullable CharSequence value) {
    if (value == null) {
      return EMPTY;
    }
    List<Entry> out = new ArrayList<>(4);
    return parseInto(value, out, 0) < 0 ? EMPTY : of(out);
  }

  /**
   * Parses and combines, in order, the values of every {@code tracestate} header received.
   *
   * @return the tracestate, or {@link #empty()} when none or the combined list is invalid
   */
  public static TraceState parse(Iterator<String> values) {
    return parseCounting(values).traceState();
  }

  /**
   * Parses and combines, in order, the values of every {@code tracestate} header received, and
   * reports what was left out: whether the combined list was invalid (and so discarded whole) and
   * how many duplicate members were dropped.
   *
   * @return the outcome; its tracestate is {@link #empty()} when none or the list is invalid
   */
  public static TraceStateParseResult parseCounting(Iterator<String> values) {
    List<Entry> out = null;
    int members = 0;
    while (values.hasNext()) {
      String value = values.next();
      if (value == null) {
        continue; // a sloppy carrier; nothing to combine
      }
      if (out == null) {
        out = new ArrayList<>(4);
      }
      members = parseInto(value, out, members);
      if (members < 0) {
        return TraceStateParseResult.DISCARDED;
      }
    }
    if (out == null || members == 0) {
      return TraceStateParseResult.NONE;
    }
    return new TraceStateParseResult(of(out), false, members - out.size());
  }

  /**
   * Reads and combines the {@code tracestate} headers of a carrier without regard to traceparent.
   */
  public static <C> TraceState extract(C carrier, HeaderGetter<C> getter) {
    return parse(getter.getAll(carrier, W3CHeaders.TRACESTATE));
  }

  /**
   * Reads the {@code tracestate} headers only when {@code parent} is a valid traceparent, as the
   * processing model requires; otherwise the headers are not even read.
   */
  public static <C> TraceState extract(
      C carrier, HeaderGetter<C> getter, @Nullable TraceParent parent) {
    return parent == null ? EMPTY : extract(carrier, getter);
  }

  /**
   * Applies the processing model's rule that a tracestate is dropped when the traceparent is
   * missing or invalid ({@code null}).
   *
   * @return {@code state} when {@code parent} is non-null, else {@link #empty()}
   */
  public static TraceState discardUnlessParentValid(
      @Nullable TraceParent parent, TraceState state) {
    return parent == null ? EMPTY : state;
  }

  private static TraceState of(List<Entry> entries) {
    return entries.isEmpty() ? EMPTY : new TraceState(Collections.unmodifiableList(entries));
  }

  /**
   * Adds the members of one header value to {@code out}, keeping the first member of each key.
   *
   * @param members the non-empty members seen so far, duplicates included
   * @return the non-empty members seen after this value, or -1 when the list is invalid
   */
  private static int parseInto(CharSequence s, List<Entry> out, int members) {
    int length = s.length();
    int pos = 0;
    while (pos <= length) {
      int comma = pos;
      while (comma < length && s.charAt(comma) != ',') {
        comma++;
      }
      int start = Ascii.skipOws(s, pos, comma);
      int end = Ascii.trimOwsEnd(s, start, comma);
      if (start < end) {
        if (members == MAX_MEMBERS) {
          return -1;
        }
        members++;
        int eq = start;
        while (eq < end && s.charAt(eq) != '=') {
          eq++;
        }
        if (eq == end || !isValidKey(s, start, eq) || !isValidValue(s, eq + 1, end)) {
          return -1;
        }
        if (!containsKey(out, s, start, eq)) {
          out.add(
              new Entry(
                  s.subSequence(start, eq).toString(), s.subSequence(eq + 1, end).toString()));
        }
      }
      pos = comma + 1;
    }
    return members;
  }

  private static boolean containsKey(List<Entry> entries, CharSequence s, int from, int to) {
    int length = to - from;
    for (int i = 0; i < entries.size(); i++) {
      String key = entries.get(i).key();
      if (key.length() == length && regionEquals(key, s, from)) {
        return true;
      }
    }
    return false;
  }

  private static boolean regionEquals(String key, CharSequence s, int from) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) != s.charAt(from + i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code key} satisfies the key grammar: 1 to 256 characters, the first a lowercase
   * letter or a digit, the others lowercase letters, digits, {@code _ - * /} or {@code @}.
   */
  public static boolean isValidKey(CharSequence key) {
    return isValidKey(key, 0, key.length());
  }

  private static boolean isValidKey(CharSequence s, int from, int to) {
    if (to <= from || to - from > MAX_KEY) {
      return false;
    }
    char first = s.charAt(from);
    if (!Ascii.isLcAlpha(first) && !Ascii.isDigit(first)) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      if (!Ascii.isTraceStateKeyChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code value} is a valid tracestate value: 1 to 256 characters of 0x20-0x7E except
   * {@code ,} and {@code =}, not ending with a space.
   */
  public static boolean isValidValue(CharSequence value) {
    return isValidValue(value, 0, value.length());
  }

  private static boolean isValidValue(CharSequence s, int from, int to) {
    int len = to - from;
    if (len < 1 || len > MAX_VALUE || s.charAt(to - 1) == ' ') {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Ascii.isTraceStateValueChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the value for {@code key}, or {@code null}. */
  public @Nullable String get(String key) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.key().equals(key)) {
        return e.value();
      }
    }
    return null;
  }

  /**
   * Returns a tracestate with {@code key=value} at the front and any earlier entry for {@code key}
   * removed, as a vendor does when it updates its position. When that would make 33 members, the
   * last member is dropped.
   *
   * @throws IllegalArgumentException naming {@code key} or {@code value} when invalid
   */
  public TraceState put(String key, String value) {
    Entry entry = new Entry(key, value);
    List<Entry> out = new ArrayList<>(Math.min(entries.size() + 1, MAX_MEMBERS));
    out.add(entry);
    for (int i = 0; i < entries.size() && out.size() < MAX_MEMBERS; i++) {
      Entry e = entries.get(i);
      if (!e.key().equals(key)) {
        out.add(e);
      }
    }
    return new TraceState(Collections.unmodifiableList(out));
  }

  /** Returns a tracestate without the entry for {@code key} (this one when there is none). */
  public TraceState remove(String key) {
    if (get(key) == null) {
      return this;
    }
    List<Entry> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!e.key().equals(key)) {
        out.add(e);
      }
    }
    return of(out);
  }

  /** The entries, leftmost (most recent) first; unmodifiable. */
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

  /** Formats within {@link #DEFAULT_MAX_CHARS} characters (see {@link #format(int)}). */
  public String format() {
    return format(DEFAULT_MAX_CHARS);
  }

  /**
   * Formats as {@code k1=v1,k2=v2} within {@code maxChars} characters, commas included. When the
   * full list does not fit, whole entries are dropped: entries longer than 128 characters first,
   * starting from the end, then the remaining entries from the end, until it fits.
   *
   * @param maxChars the character budget, at least 0
   * @return the header value, empty when nothing fits
   * @throws IllegalArgumentException when {@code maxChars} is negative
   */
  public String format(int maxChars) {
    if (maxChars < 0) {
      throw new IllegalArgumentException("maxChars must be >= 0: " + maxChars);
    }
    int n = entries.size();
    if (n == 0) {
      return "";
    }
    int total = n - 1;
    for (int i = 0; i < n; i++) {
      total += entries.get(i).length();
    }
    boolean[] dropped = null;
    int kept = n;
    if (total > maxChars) {
      dropped = new boolean[n];
      for (int i = n - 1; i >= 0 && total > maxChars; i--) {
        int len = entries.get(i).length();
        if (len > LARGE_ENTRY_CHARS) {
          dropped[i] = true;
          total -= len + (--kept > 0 ? 1 : 0);
        }
      }
      for (int i = n - 1; i >= 0 && total > maxChars; i--) {
        if (!dropped[i]) {
          dropped[i] = true;
          total -= entries.get(i).length() + (--kept > 0 ? 1 : 0);
        }
      }
    }
    StringBuilder out = new StringBuilder(Math.max(total, 0));
    for (int i = 0; i < n; i++) {
      if (dropped == null || !dropped[i]) {
        Entry e = entries.get(i);
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(e.key()).append('=').append(e.value());
      }
    }
    return out.toString();
  }

  /** Writes {@link #format()} as the {@code tracestate} header, unless it is empty. */
  public <C> void inject(C carrier, HeaderSetter<C> setter) {
    String value = format();
    if (!value.isEmpty()) {
      setter.set(carrier, W3CHeaders.TRACESTATE, value);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TraceState other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** Returns the untruncated {@code k1=v1,k2=v2} form. */
  @Override
  public String toString() {
    return format(Integer.MAX_VALUE);
  }
}
