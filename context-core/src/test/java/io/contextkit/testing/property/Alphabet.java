package io.contextkit.testing.property;

import java.util.Arrays;
import java.util.BitSet;

/**
 * An immutable set of UTF-16 code units to build strings from, in ascending order (the first is
 * what a shrunk string is made of). Surrogates are code units like any other here: an alphabet that
 * holds them produces unpaired surrogates, which is the point of {@link #ALL}.
 */
public final class Alphabet {

  /** Every UTF-16 code unit, {@code \u0000} to {@code \uffff}, lone surrogates included. */
  public static final Alphabet ALL = range(Character.MIN_VALUE, Character.MAX_VALUE);

  /** US-ASCII, {@code \u0000} to {@code \u007f}. */
  public static final Alphabet ASCII = range('\u0000', '\u007f');

  /** Printable ASCII including the space, {@code ' '} to {@code '~'}. */
  public static final Alphabet PRINTABLE = range(' ', '~');

  /** Lower-case hexadecimal digits, the only ones W3C ids allow. */
  public static final Alphabet LOWER_HEX = of("0123456789abcdef");

  private final char[] chars;

  private Alphabet(BitSet set) {
    chars = new char[set.cardinality()];
    int k = 0;
    for (int c = set.nextSetBit(0); c >= 0; c = set.nextSetBit(c + 1)) {
      chars[k++] = (char) c;
    }
    if (chars.length == 0) {
      throw new IllegalArgumentException("an alphabet needs at least one character");
    }
  }

  /** The characters of {@code chars}. */
  public static Alphabet of(String chars) {
    BitSet set = new BitSet();
    chars.chars().forEach(set::set);
    return new Alphabet(set);
  }

  /** The characters {@code from} to {@code to}, both included. */
  public static Alphabet range(char from, char to) {
    if (to < from) {
      throw new IllegalArgumentException("empty range " + (int) from + ".." + (int) to);
    }
    BitSet set = new BitSet();
    set.set(from, to + 1);
    return new Alphabet(set);
  }

  /** This alphabet and {@code other} together. */
  public Alphabet and(Alphabet other) {
    BitSet set = bits();
    set.or(other.bits());
    return new Alphabet(set);
  }

  /** This alphabet and the characters of {@code more}. */
  public Alphabet and(String more) {
    return and(of(more));
  }

  /** This alphabet without the characters of {@code excluded}. */
  public Alphabet without(String excluded) {
    BitSet set = bits();
    excluded.chars().forEach(set::clear);
    return new Alphabet(set);
  }

  /** Whether {@code c} is in this alphabet. */
  public boolean contains(char c) {
    return Arrays.binarySearch(chars, c) >= 0;
  }

  /** The number of characters. */
  public int size() {
    return chars.length;
  }

  /** The character at {@code index} in ascending order. */
  public char charAt(int index) {
    return chars[index];
  }

  /** One character of this alphabet, uniformly. */
  public Gen<Character> chars() {
    return c -> chars[(int) c.choose(chars.length)];
  }

  /** Strings of this alphabet, {@code minLength} to {@code maxLength} characters long. */
  public Gen<String> strings(int minLength, int maxLength) {
    return Gen.strings(this, minLength, maxLength);
  }

  /** Strings of this alphabet, exactly {@code length} characters long. */
  public Gen<String> strings(int length) {
    return Gen.strings(this, length, length);
  }

  private BitSet bits() {
    BitSet set = new BitSet();
    for (char c : chars) {
      set.set(c);
    }
    return set;
  }

  @Override
  public String toString() {
    return "Alphabet[" + chars.length + " chars from " + Describe.of(chars[0]) + "]";
  }
}
