package io.contextkit.stress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One measured figure of a stress run: what was measured, the number, the target and whether the
 * number meets it.
 *
 * @param name what was measured
 * @param measured the number, as printed
 * @param target the target, as printed
 * @param pass whether the measured number meets the target
 */
public record Figure(String name, String measured, String target, boolean pass) {

  /** A count that must be at least {@code min}. */
  public static Figure atLeast(String name, long measured, long min) {
    return new Figure(
        name, String.format("%,d", measured), "≥ " + String.format("%,d", min), measured >= min);
  }

  /** A count that must be zero. */
  public static Figure zero(String name, long measured) {
    return new Figure(name, String.format("%,d", measured), "0", measured == 0);
  }

  /** A markdown table row. */
  public String row() {
    return "| "
        + name
        + " | "
        + measured
        + " | "
        + target
        + " | "
        + (pass ? "pass" : "**FAIL**")
        + " |";
  }

  /**
   * Prints the figures as a markdown table to {@code out} and, when the system property {@code
   * stress.figures} names a file, appends the rows there too (run.sh turns them into RESULTS.md).
   *
   * @return whether every figure passed
   */
  public static boolean report(List<Figure> figures, PrintStream out) throws IOException {
    StringBuilder table = new StringBuilder();
    table.append("| figure | measured | target | result |\n|---|---|---|---|\n");
    boolean all = true;
    for (Figure f : figures) {
      table.append(f.row()).append('\n');
      all &= f.pass;
    }
    out.print(table);
    String file = System.getProperty("stress.figures");
    if (file != null) {
      Files.writeString(
          Path.of(file),
          table,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    return all;
  }
}
