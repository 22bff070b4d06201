package io.contextkit.cli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads durations as people type them: {@code 90}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 1d},
 * {@code PT90S}.
 */
public final class Durations {

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @param option the option, for the message
   * @throws UsageException when it is not a duration
   */
  public static Duration parse(String option, String text) throws UsageException {
    String value = text.trim();
    try {
      if (value.startsWith("P") || value.startsWith("p")) {
        return Duration.parse(value);
      }
      if (!value.isEmpty() && value.length() <= 12) {
        char unit = value.charAt(value.length() - 1);
        String digits = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1);
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
          long amount = Long.parseLong(digits);
          switch (unit) {
            case 's':
              return Duration.ofSeconds(amount);
            case 'm':
              return Duration.ofMinutes(amount);
            case 'h':
              return Duration.ofHours(amount);
            case 'd':
              return Duration.ofDays(amount);
            default:
              if (Character.isDigit(unit)) {
                return Duration.ofSeconds(amount);
              }
          }
        }
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // reported below
    }
    throw new UsageException(
        option
            + " "
            + Escape.quoted(text)
            + " is not a duration: use seconds (90, 90s), minutes (5m), hours (1h), days (1d)"
            + " or ISO-8601 (PT90S)");
  }
}
