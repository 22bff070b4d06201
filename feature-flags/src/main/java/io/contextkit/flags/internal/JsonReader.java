package io.contextkit.flags.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict RFC 8259 JSON reader producing plain Java values: {@link Map} (insertion ordered),
 * {@link List}, {@link String}, {@link Boolean}, {@link Long} (integral numbers that fit) or {@link
 * Double}, and {@code null}.
 *
 * <p>Our own reader instead of Jackson because this module is used under Spring Boot 4 (Jackson 3)
 * and Quarkus (Jackson 2) alike; flag definitions are read at load time only, never on the
 * evaluation path.
 */
public final class JsonReader {

  private static final int MAX_DEPTH = 256;

  private final String text;
  private final @Nullable List<String> duplicates;
  private int pos;
  private int depth;

  private JsonReader(String text, @Nullable List<String> duplicates) {
    this.text = text;
    this.duplicates = duplicates;
  }

  /**
   * Parses one JSON document; a member name that appears twice in one object is an error.
   *
   * @throws JsonSyntaxException when the text is not valid JSON; the message names line and column
   */
  public static @Nullable Object parse(String text) {
    return parse(text, null);
  }

  /**
   * Parses one JSON document. When {@code duplicates} is not {@code null}, a member name that
   * appears twice in one object is not an error: the last value counts (as in the parsers flagd
   * uses) and a message naming the member, line and column is added to {@code duplicates}.
   *
   * @throws JsonSyntaxException when the text is not valid JSON; the message names line and column
   */
  public static @Nullable Object parse(String text, @Nullable List<String> duplicates) {
    JsonReader reader = new JsonReader(text, duplicates);
    reader.skipWhitespace();
    Object value = reader.readValue();
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw reader.error("unexpected trailing content");
    }
    return value;
  }

  private @Nullable Object readValue() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return readObject();
      case '[':
        return readArray();
      case '"':
        return readString();
      case 't':
        expectWord("true");
        return Boolean.TRUE;
      case 'f':
        expectWord("false");
        return Boolean.FALSE;
      case 'n':
        expectWord("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return readNumber();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, @Nullable Object> readObject() {
    enter();
    pos++; // '{'
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return Collections.unmodifiableMap(map);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name in double quotes");
      }
      int nameAt = pos;
      String name = readString();
      skipWhitespace();
      if (peek() != ':') {
        throw error("expected ':' after member name \"" + name + "\"");
      }
      pos++;
      skipWhitespace();
      Object value = readValue();
      if (map.containsKey(name)) {
        if (duplicates == null) {
          throw error("duplicate member \"" + name + "\"");
        }
        duplicates.add(
            position(nameAt) + ": member \"" + name + "\" appears twice; the last one counts");
      }
      map.put(name, value);
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        depth--;
        return Collections.unmodifiableMap(map);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}' in object");
      }
    }
  }

  private List<@Nullable Object> readArray() {
    enter();
    pos++; // '['
    List<@Nullable Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      skipWhitespace();
      list.add(readValue());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        depth--;
        return Collections.unmodifiableList(list);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']' in array");
      }
    }
  }

  private String readString() {
    pos++; // opening quote
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
        pos++;
        return s;
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(text, start, pos);
        pos++;
        if (pos >= text.length()) {
          throw error("unterminated escape");
        }
        char e = text.charAt(pos);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            sb.append(e);
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            sb.append(readHex4());
            break;
          default:
            throw error("invalid escape '\\" + e + "'");
        }
        pos++;
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private char readHex4() {
    if (pos + 4 >= text.length()) {
      throw error("truncated \\u escape");
    }
    int value = 0;
    for (int i = 1; i <= 4; i++) {
      int digit = Character.digit(text.charAt(pos + i), 16);
      if (digit < 0) {
        throw error("invalid \\u escape");
      }
      value = (value << 4) | digit;
    }
    pos += 4;
    return (char) value;
  }

  private Object readNumber() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        pos++;
      }
    } else {
      throw error("invalid number");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      if (!isDigit(peek())) {
        throw error("invalid number: digit expected after '.'");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("invalid number: digit expected in exponent");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    String literal = text.substring(start, pos);
    if (integral && literal.length() <= 18) {
      return Long.parseLong(literal);
    }
    return Double.parseDouble(literal);
  }

  private void expectWord(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("invalid literal, expected " + word);
    }
    pos += word.length();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private JsonSyntaxException error(String problem) {
    return new JsonSyntaxException("invalid JSON " + position(pos) + ": " + problem);
  }

  private String position(int at) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < at && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return "at line " + line + ", column " + column;
  }

  /** Thrown for text that is not valid JSON. */
  public static final class JsonSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonSyntaxException(String message) {
      super(message);
    }
  }
}
