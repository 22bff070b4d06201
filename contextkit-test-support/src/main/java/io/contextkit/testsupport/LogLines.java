package io.contextkit.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a log capture has seen, with the queries the tests share. */
public interface LogLines {

  /** A snapshot of the captured lines, in the order they were logged. */
  List<LogLine> lines();

  /** Forgets every line captured so far. */
  void clear();

  /** The lines matching {@code condition}. */
  default List<LogLine> matching(Predicate<LogLine> condition) {
    List<LogLine> matching = new ArrayList<>();
    for (LogLine line : lines()) {
      if (condition.test(line)) {
        matching.add(line);
      }
    }
    return matching;
  }

  /** The lines whose raw message (before argument substitution) is exactly {@code message}. */
  default List<LogLine> withMessage(String message) {
    return matching(line -> line.message().equals(message));
  }

  /** The lines whose formatted message is exactly {@code message}. */
  default List<LogLine> withFormatted(String message) {
    return matching(line -> line.formatted().equals(message));
  }

  /** The lines whose formatted message contains {@code text}. */
  default List<LogLine> containing(String text) {
    return matching(line -> line.formatted().contains(text));
  }

  /** The formatted messages, in order. */
  default List<String> messages() {
    List<String> messages = new ArrayList<>();
    for (LogLine line : lines()) {
      messages.add(line.formatted());
    }
    return messages;
  }

  /**
   * The first formatted message that starts with {@code prefix}.
   *
   * @throws AssertionError when none does
   */
  default String firstStartingWith(String prefix) {
    for (String message : messages()) {
      if (message.startsWith(prefix)) {
        return message;
      }
    }
    throw new AssertionError("no log line starting with " + prefix + " in " + messages());
  }

  /** The formatted messages logged at warning level ({@code WARN}, {@code WARNING}), in order. */
  default List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (LogLine line : lines()) {
      if (line.level().equals("WARN") || line.level().equals("WARNING")) {
        warnings.add(line.formatted());
      }
    }
    return warnings;
  }

  /**
   * Waits until at least {@code count} lines match {@code condition}, then returns them.
   *
   * @throws AssertionError when fewer have matched after {@code timeout}
   */
  default List<LogLine> await(Predicate<LogLine> condition, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<LogLine> found = matching(condition);
    while (found.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
      found = matching(condition);
    }
    if (found.size() < count) {
      throw new AssertionError(
          "expected "
              + count
              + " matching log lines within "
              + timeout
              + ", got "
              + found
              + " of "
              + lines());
    }
    return found;
  }
}
