package io.contextkit.testing.property;

import static io.contextkit.testing.property.Gen.weighted;
import static io.contextkit.testing.property.Gen.weightedValue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns valid headers into near misses: characters inserted, deleted, replaced or changed in case,
 * a stretch duplicated, a whole list member duplicated, a huge run inserted; and splits a header
 * into several header values (at a comma, as a proxy may, or anywhere).
 */
public final class Mutations {

  private Mutations() {}

  /** What a mutation does. */
  public enum Kind {
    /** Inserts its character. */
    INSERT,
    /** Deletes one to four characters. */
    DELETE,
    /** Replaces one character with its character. */
    REPLACE,
    /** Flips the case of one character. */
    CHANGE_CASE,
    /** Duplicates a stretch of up to {@code length} characters. */
    DUPLICATE,
    /** Duplicates the comma-separated member around the position, comma included. */
    DUPLICATE_MEMBER,
    /** Inserts its character {@code 40 × length} times. */
    HUGE
  }

  /**
   * One edit of a string; {@code position} is taken modulo the string's length, so the same
   * mutation applies to a string of any length.
   */
  public record Mutation(Kind kind, int position, int length, char c) {}

  /** One mutation, its character drawn from {@link Text#interestingChars()}. */
  public static Gen<Mutation> mutation() {
    Gen<Kind> kinds =
        Gen.frequency(
            weightedValue(4, Kind.INSERT),
            weightedValue(3, Kind.DELETE),
            weightedValue(4, Kind.REPLACE),
            weightedValue(1, Kind.CHANGE_CASE),
            weightedValue(2, Kind.DUPLICATE),
            weightedValue(2, Kind.DUPLICATE_MEMBER),
            weightedValue(1, Kind.HUGE));
    Gen<Integer> positions = Gen.ints(0, 1_000_000);
    Gen<Integer> lengths = Gen.ints(1, 300);
    Gen<Character> chars = Text.interestingChars();
    return c ->
        new Mutation(
            kinds.generate(c), positions.generate(c), lengths.generate(c), chars.generate(c));
  }

  /**
   * Lists of one to four mutations, or none in {@code cleanWeight} of 5 cases so that valid input
   * stays common.
   */
  public static Gen<List<Mutation>> mutations(int cleanWeight) {
    if (cleanWeight < 0 || cleanWeight > 4) {
      throw new IllegalArgumentException("cleanWeight must be 0 to 4: " + cleanWeight);
    }
    Gen<List<Mutation>> some = mutation().list(1, 4);
    return cleanWeight == 0
        ? some
        : Gen.frequency(weightedValue(cleanWeight, List.of()), weighted(5 - cleanWeight, some));
  }

  /** {@code valid} with {@link #mutations(int) mutations} applied. */
  public static Gen<String> mutated(Gen<String> valid, int cleanWeight) {
    Gen<List<Mutation>> edits = mutations(cleanWeight);
    return c -> mutate(valid.generate(c), edits.generate(c));
  }

  /** {@code s} with {@code mutations} applied in order. */
  public static String mutate(String s, List<Mutation> mutations) {
    StringBuilder b = new StringBuilder(s);
    for (Mutation m : mutations) {
      int p = b.length() == 0 ? 0 : m.position() % (b.length() + 1);
      int at = Math.min(p, Math.max(0, b.length() - 1));
      switch (m.kind()) {
        case INSERT -> b.insert(p, m.c());
        case DELETE -> {
          if (b.length() > 0) {
            b.delete(at, Math.min(b.length(), at + 1 + m.length() % 4));
          }
        }
        case REPLACE -> {
          if (b.length() > 0) {
            b.setCharAt(at, m.c());
          }
        }
        case CHANGE_CASE -> {
          if (b.length() > 0) {
            char c = b.charAt(at);
            b.setCharAt(
                at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
          }
        }
        case DUPLICATE -> {
          String segment = b.substring(p, Math.min(b.length(), p + m.length()));
          b.insert(p, segment);
        }
        case DUPLICATE_MEMBER -> {
          int start = at == 0 ? 0 : b.lastIndexOf(",", at - 1) + 1;
          int comma = b.indexOf(",", at);
          int end = comma < 0 ? b.length() : comma;
          b.insert(end, "," + b.substring(start, end));
        }
        case HUGE -> b.insert(p, String.valueOf(m.c()).repeat(m.length() * 40));
      }
    }
    return b.toString();
  }

  /** Up to two cut points for {@link #split}. */
  public static Gen<List<Integer>> splits() {
    return Gen.ints(0, 1_000_000).list(0, 2);
  }

  /**
   * {@code s} as several header values: an even cut turns the next comma into a header boundary
   * (the comma goes), an odd cut splits where it falls (so a member may straddle two values).
   */
  public static List<String> split(String s, List<Integer> cuts) {
    TreeSet<Integer> points = new TreeSet<>();
    List<Integer> commas = new ArrayList<>();
    for (int c : cuts) {
      int p = s.isEmpty() ? 0 : c % (s.length() + 1);
      int comma = s.indexOf(',', p);
      if (c % 2 == 0 && comma >= 0) {
        if (!commas.contains(comma)) {
          commas.add(comma);
        }
      } else {
        points.add(p);
      }
    }
    points.addAll(commas);
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int p : points) {
      out.add(s.substring(from, p));
      from = commas.contains(p) ? p + 1 : p;
    }
    out.add(s.substring(from));
    return out;
  }

  /** {@code valid} mutated, then split into header values. */
  public static Gen<List<String>> mutatedAndSplit(Gen<String> valid, int cleanWeight) {
    Gen<String> mutated = mutated(valid, cleanWeight);
    Gen<List<Integer>> cuts = splits();
    return c -> split(mutated.generate(c), cuts.generate(c));
  }
}
