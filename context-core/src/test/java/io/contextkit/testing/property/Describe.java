package io.contextkit.testing.property;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders generated inputs for failure messages and test names: strings as Java literals with every
 * character outside printable ASCII escaped (so a CR, an LF, a lone surrogate or an escape sequence
 * in an input can neither break nor forge a line of the build log), byte arrays in hex, records,
 * collections and maps element by element.
 */
public final class Describe {

  private Describe() {}

  /** {@code value} rendered in full. */
  public static String of(@Nullable Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  /**
   * {@code value} rendered, cut after {@code maxChars} characters with a note of how much is cut.
   */
  public static String of(@Nullable Object value, int maxChars) {
    String full = of(value);
    if (full.length() <= maxChars) {
      return full;
    }
    return full.substring(0, maxChars) + "… (" + (full.length() - maxChars) + " more chars)";
  }

  /** {@code s} as a Java string literal whose characters are all printable ASCII. */
  public static String quote(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      escape(out, s.charAt(i), '"');
    }
    return out.append('"').toString();
  }

  private static void append(StringBuilder out, @Nullable Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence s) {
      out.append(quote(s));
    } else if (value instanceof Character c) {
      out.append('\'');
      escape(out, c, '\'');
      out.append('\'');
    } else if (value instanceof byte[] bytes) {
      out.append("bytes[").append(bytes.length).append("] ");
      out.append(HexFormat.of().formatHex(bytes));
    } else if (value instanceof short[] shorts) {
      out.append(Arrays.toString(shorts));
    } else if (value instanceof int[] ints) {
      out.append(Arrays.toString(ints));
    } else if (value instanceof long[] longs) {
      out.append(Arrays.toString(longs));
    } else if (value instanceof Object[] array) {
      appendAll(out, Arrays.asList(array).iterator(), "[", "]");
    } else if (value instanceof Collection<?> collection) {
      appendAll(out, collection.iterator(), "[", "]");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(separator);
        append(out, e.getKey());
        out.append('=');
        append(out, e.getValue());
        separator = ", ";
      }
      out.append('}');
    } else if (value.getClass().isRecord()) {
      appendRecord(out, value);
    } else if (value instanceof Number || value instanceof Boolean || value instanceof Enum) {
      out.append(value);
    } else {
      // Any other type's toString may carry generated text: escape it like a string.
      String text = String.valueOf(value);
      for (int i = 0; i < text.length(); i++) {
        escape(out, text.charAt(i), '\0');
      }
    }
  }

  private static void appendAll(StringBuilder out, Iterator<?> items, String open, String close) {
    out.append(open);
    String separator = "";
    while (items.hasNext()) {
      out.append(separator);
      append(out, items.next());
      separator = ", ";
    }
    out.append(close);
  }

  private static void appendRecord(StringBuilder out, Object record) {
    out.append(record.getClass().getSimpleName()).append('[');
    String separator = "";
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      out.append(separator).append(component.getName()).append('=');
      Method accessor = component.getAccessor();
      try {
        accessor.setAccessible(true);
        append(out, accessor.invoke(record));
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        out.append("<unreadable: ").append(e.getClass().getSimpleName()).append('>');
      }
      separator = ", ";
    }
    out.append(']');
  }

  private static void escape(StringBuilder out, char c, char quote) {
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\\' -> out.append("\\\\");
      default -> {
        if (c == quote) {
          out.append('\\').append(c);
        } else if (c >= 0x20 && c <= 0x7e) {
          out.append(c);
        } else {
          out.append(String.format("\\u%04x", (int) c));
        }
      }
    }
  }
}
