package io.contextkit.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One captured log record, the same shape whichever backend wrote it.
 *
 * @param logger the logger (category) name
 * @param level the level's name as the backend spells it ({@code INFO}, {@code WARN}, {@code
 *     WARNING}, ...)
 * @param message the message as logged, before its arguments are filled in
 * @param formatted the message with its arguments filled in
 * @param thread the name of the thread that logged it
 * @param mdc the whole MDC the record was logged with
 * @param keyValues the structured key-value pairs of the event (Logback's fluent API), in order
 * @param probe what the capture's probe returned on the logging thread (empty without a probe)
 * @param thrown the exception logged with the record, if any
 */
public record LogLine(
    String logger,
    String level,
    String message,
    String formatted,
    String thread,
    Map<String, String> mdc,
    Map<String, Object> keyValues,
    String probe,
    @Nullable Throwable thrown) {

  public LogLine {
    mdc = Map.copyOf(mdc);
    keyValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyValues));
  }

  /** The MDC entries whose key is one of {@code keys} (the ones a test asserts on). */
  public Map<String, String> mdc(String... keys) {
    Map<String, String> selected = new java.util.TreeMap<>();
    for (String key : keys) {
      String value = mdc.get(key);
      if (value != null) {
        selected.put(key, value);
      }
    }
    return selected;
  }

  /** Whether the logger is {@code category} or one of its children. */
  public boolean isIn(String category) {
    return category.isEmpty()
        || logger.equals(category)
        || (logger.startsWith(category) && logger.charAt(category.length()) == '.');
  }

  @Override
  public String toString() {
    return level
        + " "
        + logger
        + " ["
        + thread
        + "] "
        + formatted
        + " "
        + mdc
        + (keyValues.isEmpty() ? "" : " " + keyValues)
        + (thrown == null ? "" : " " + Objects.toString(thrown));
  }
}
