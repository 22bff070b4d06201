package io.contextkit.benchmarks.http;

import java.util.Arrays;
import java.util.Locale;

/** Order statistics and number formatting for the result tables. */
public final class Stats {

  private Stats() {}

  /** The {@code q}-quantile (0..1) of {@code values}, nearest rank; NaN when empty. */
  public static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  public static double median(double[] values) {
    return quantile(values, 0.5);
  }

  public static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }

  public static double min(double[] values) {
    return quantile(values, 0);
  }

  public static double max(double[] values) {
    return quantile(values, 1);
  }

  public static String f(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** The system load averages (1, 5, 15 min) as /proc/loadavg has them, or "n/a". */
  public static String loadAverage() {
    try {
      String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
      String[] parts = line.split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The 1-minute load average, or NaN when unknown. */
  public static double loadAverage1() {
    try {
      String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
      return Double.parseDouble(line.split(" ")[0]);
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
