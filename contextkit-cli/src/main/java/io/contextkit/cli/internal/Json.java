package io.contextkit.cli.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) for what the command reads: log lines, and later the services'
 * dependency endpoints. Objects become {@code Map<String, Object>} in document order (a repeated
 * name keeps its last value, as most readers do), arrays {@code List<Object>}, strings {@code
 * String} (escapes decoded; an escaped unpaired surrogate is kept as it is), numbers {@link
 * BigDecimal}, {@code true}/{@code false} {@link Boolean} and {@code null} {@link #NULL}. Anything
 * else — trailing commas, comments, single quotes, leading zeros, raw control characters in
 * strings, text after the value, nesting deeper than {@value #MAX_DEPTH} — is a {@link
 * JsonException} with the offset. No reflection, no dependency: the command's jar stays core plus
 * the OpenTelemetry API, and starts fast. Stateless; thread-safe.
 */
public final class Json {

  /** The JSON {@code null} (maps cannot tell a null value from an absent one otherwise). */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** Deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 256;

  private final String text;
  private int pos;
  private int depth;

  private Json(String text) {
    this.text = text;
  }

  /** Why a text is not JSON, and where. */
  public static final class JsonException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;

    JsonException(String message, int offset) {
      super(message + " at offset " + offset);
      this.offset = offset;
    }

    /** The character offset where reading stopped. */
    public int offset() {
      return offset;
    }
  }

  /**
   * Reads one JSON value filling the whole text (whitespace around it allowed).
   *
   * @throws JsonException when the text is not exactly one JSON value
   */
  public static Object parse(String text) throws JsonException {
    Json reader = new Json(text);
    reader.skipWhitespace();
    Object value = reader.value();
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw new JsonException("unexpected text after the value", reader.pos);
    }
    return value;
  }

  /**
   * Reads a JSON object filling the whole text.
   *
   * @throws JsonException when the text is not exactly one JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) throws JsonException {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new JsonException("not a JSON object", 0);
    }
    return (Map<String, Object>) value;
  }

  private Object value() throws JsonException {
    if (pos >= text.length()) {
      throw new JsonException("unexpected end of input", pos);
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw new JsonException("unexpected character " + describe(c), pos);
    }
  }

  private Map<String, Object> object() throws JsonException {
    enter();
    pos++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return members;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw new JsonException("expected a member name in quotes", pos);
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      members.put(name, value());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        depth--;
        return members;
      }
      if (c != ',') {
        throw new JsonException("expected , or } in an object", pos - 1);
      }
    }
  }

  private List<Object> array() throws JsonException {
    enter();
    pos++;
    List<Object> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return Collections.unmodifiableList(items);
    }
    while (true) {
      skipWhitespace();
      items.add(value());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        depth--;
        return Collections.unmodifiableList(items);
      }
      if (c != ',') {
        throw new JsonException("expected , or ] in an array", pos - 1);
      }
    }
  }

  private String string() throws JsonException {
    int start = pos;
    pos++;
    StringBuilder out = null;
    int runStart = pos;
    while (true) {
      if (pos >= text.length()) {
        throw new JsonException("unterminated string", start);
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String value =
            out == null
                ? text.substring(runStart, pos)
                : out.append(text, runStart, pos).toString();
        pos++;
        return value;
      }
      if (c < 0x20) {
        throw new JsonException("raw control character " + describe(c) + " in a string", pos);
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(text, runStart, pos);
      pos++;
      if (pos >= text.length()) {
        throw new JsonException("unterminated escape", pos);
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.append(e);
          break;
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          out.append(hex4());
          break;
        default:
          throw new JsonException("invalid escape \\" + describe(e), pos - 1);
      }
      runStart = pos;
    }
  }

  private char hex4() throws JsonException {
    if (pos + 4 > text.length()) {
      throw new JsonException("truncated \\u escape", pos);
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos + i), 16);
      if (digit < 0 || text.charAt(pos + i) > 'f') {
        throw new JsonException("invalid \\u escape", pos);
      }
      value = value << 4 | digit;
    }
    pos += 4;
    return (char) value;
  }

  private BigDecimal number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek()) && peek() != '0') {
      digits();
    } else {
      throw new JsonException("invalid number", start);
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw new JsonException("invalid number: digits must follow '.'", start);
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw new JsonException("invalid number: digits must follow the exponent", start);
      }
      digits();
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException e) {
      // An exponent beyond int range: valid JSON, but not a number anyone logs.
      throw new JsonException("number out of range", start);
    }
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private Object literal(String word, Object value) throws JsonException {
    if (!text.startsWith(word, pos)) {
      throw new JsonException("unexpected literal", pos);
    }
    pos += word.length();
    return value;
  }

  private void enter() throws JsonException {
    if (++depth > MAX_DEPTH) {
      throw new JsonException("nested deeper than " + MAX_DEPTH, pos);
    }
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) {
      throw new JsonException("expected '" + c + "'", pos);
    }
    pos++;
  }

  /** The current character, or NUL at the end (never valid where a real character is needed). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
