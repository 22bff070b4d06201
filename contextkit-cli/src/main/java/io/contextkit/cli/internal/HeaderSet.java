package io.contextkit.cli.internal;

import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An ordered set of HTTP header fields, as {@code headers} prints them and {@code verify} reads
 * them: one {@code name: value} per line. Names match case-insensitively, repeated names keep every
 * value in order (as a server sees repeated headers).
 */
public final class HeaderSet {

  /** Reads headers for core's propagator; the first value of a repeated header for {@code get}. */
  public static final HeaderGetter<HeaderSet> GETTER =
      new HeaderGetter<>() {
        @Override
        public @Nullable String get(HeaderSet carrier, String name) {
          for (Field field : carrier.fields) {
            if (field.name.equalsIgnoreCase(name)) {
              return field.value;
            }
          }
          return null;
        }

        @Override
        public Iterator<String> getAll(HeaderSet carrier, String name) {
          return carrier.values(name).iterator();
        }
      };

  /** Writes headers for core's propagator; a name set twice keeps the last value. */
  public static final HeaderSetter<HeaderSet> SETTER = HeaderSet::set;

  /** Longest header block {@code verify} reads, in characters. */
  public static final int MAX_CHARS = 64 * 1024;

  private final List<Field> fields = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /** One header field as received. */
  public record Field(String name, String value) {}

  /**
   * Parses lines of {@code name: value}: blank lines are skipped, a trailing CR is dropped, spaces
   * and tabs around the value are removed (HTTP's optional whitespace). A line that is not a header
   * field is not kept; {@link #problems()} says which, escaped.
   */
  public static HeaderSet parse(String text) {
    HeaderSet set = new HeaderSet();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank()) {
        continue;
      }
      set.addLine(line, "line " + (i + 1));
    }
    return set;
  }

  /** Adds one {@code name: value} field, or a problem naming {@code where}. */
  public void addLine(String line, String where) {
    int colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line, 0, colon)) {
      problems.add(where + " is not a header field (name: value): " + Escape.quoted(line));
      return;
    }
    fields.add(new Field(line.substring(0, colon), trimOws(line.substring(colon + 1))));
  }

  /** Sets {@code name} to {@code value}, replacing any value it had. */
  public void set(String name, String value) {
    fields.removeIf(field -> field.name.equalsIgnoreCase(name));
    fields.add(new Field(name, value));
  }

  /** The fields in order. */
  public List<Field> fields() {
    return List.copyOf(fields);
  }

  /** Every value of {@code name}, in order. */
  public List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) {
        values.add(field.value);
      }
    }
    return values;
  }

  /** Lines that were not header fields, described and escaped. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** The fields as {@code headers} prints them: {@code name: value} lines, each ending in LF. */
  public String format() {
    StringBuilder out = new StringBuilder();
    for (Field field : fields) {
      out.append(field.name).append(": ").append(field.value).append('\n');
    }
    return out.toString();
  }

  /** Whether {@code name} (any case) is among the fields. */
  public boolean has(String name) {
    return !values(name.toLowerCase(Locale.ROOT)).isEmpty();
  }

  private static String trimOws(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
      to--;
    }
    return value.substring(from, to);
  }

  private static boolean isToken(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
