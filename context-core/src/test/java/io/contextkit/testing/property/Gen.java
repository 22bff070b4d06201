package io.contextkit.testing.property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A generator of test inputs: turns {@link Choices} into a value. Generators are plain functions of
 * their choices, so the same choices give the same value, a seed replays a run, and shrinking works
 * through every combinator (see {@link Choices}).
 *
 * <p>Compose with the combinators below, or write a lambda that calls other generators in order:
 *
 * <pre>{@code
 * Gen<String> member = c -> key.generate(c) + "=" + value.generate(c);
 * Gen<List<String>> members = member.list(0, 32);
 * }</pre>
 *
 * @param <T> the type of the generated values
 */
@FunctionalInterface
public interface Gen<T> {

  /** How many times {@link #filter} draws again before it gives up on an input. */
  int FILTER_ATTEMPTS = 1_000;

  /** The value for {@code choices}. */
  T generate(Choices choices);

  /** Values of this generator passed through {@code mapper}. */
  default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
    return c -> mapper.apply(generate(c));
  }

  /** The values of the generator that {@code next} picks for each value of this one. */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> next) {
    return c -> next.apply(generate(c)).generate(c);
  }

  /**
   * Only the values that pass {@code accept}; keep the rejected share small; after {@value
   * #FILTER_ATTEMPTS} rejections in a row the input is {@link Choices.Rejected rejected}.
   */
  default Gen<T> filter(Predicate<? super T> accept) {
    return c -> {
      for (int attempt = 0; attempt < FILTER_ATTEMPTS; attempt++) {
        T value = generate(c);
        if (accept.test(value)) {
          return value;
        }
        if (c.deterministic()) {
          break;
        }
      }
      throw new Choices.Rejected("filter rejected every value");
    };
  }

  /** Lists of {@code minSize} to {@code maxSize} values of this generator. */
  default Gen<List<T>> list(int minSize, int maxSize) {
    checkSizes(minSize, maxSize);
    return c -> {
      int size = (int) c.between(minSize, maxSize);
      Choices.Collection collection = c.openCollection(c.size() - 1, minSize);
      List<T> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        c.startElement(collection);
        list.add(generate(c));
      }
      c.closeCollection(collection);
      return list;
    };
  }

  /** This generator's values, or {@code null} with the given probability. */
  default Gen<@Nullable T> orNull(double probability) {
    long threshold = Math.round(probability * 1_000_000);
    // Null is the simpler input, so it sits at the low end of the choice.
    return c -> c.choose(1_000_000) < threshold ? null : generate(c);
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return c -> value;
  }

  /** Integers from {@code min} to {@code max}, both included; the ends come up often. */
  static Gen<Integer> ints(int min, int max) {
    return c -> (int) c.between(min, max);
  }

  /** Longs from {@code min} to {@code max}, both included; the ends come up often. */
  static Gen<Long> longs(long min, long max) {
    return c -> c.between(min, max);
  }

  /** {@code false} or {@code true}. */
  static Gen<Boolean> booleans() {
    return c -> c.choose(2) == 1;
  }

  /** One of {@code values}, uniformly. */
  @SafeVarargs
  static <T> Gen<T> elements(T... values) {
    List<T> list = new ArrayList<>(values.length);
    for (T value : values) {
      list.add(value); // element by element: the varargs array itself never leaves this method
    }
    return elements(list);
  }

  /** One of {@code values}, uniformly. */
  static <T> Gen<T> elements(List<? extends T> values) {
    List<? extends T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no values to choose from");
    }
    return c -> copy.get((int) c.choose(copy.size()));
  }

  /** A value of one of {@code generators}, each picked equally often. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
    List<Gen<? extends T>> copy = new ArrayList<>(generators.length);
    for (Gen<? extends T> generator : generators) {
      copy.add(generator);
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no generators to choose from");
    }
    return c -> copy.get((int) c.choose(copy.size())).generate(c);
  }

  /** A generator and its weight, for {@link #frequency}. */
  record Weighted<T>(int weight, Gen<? extends T> generator) {
    public Weighted {
      if (weight <= 0) {
        throw new IllegalArgumentException("weight must be positive: " + weight);
      }
      Objects.requireNonNull(generator, "generator");
    }
  }

  /** {@code generator} with {@code weight}, for {@link #frequency}. */
  static <T> Weighted<T> weighted(int weight, Gen<? extends T> generator) {
    return new Weighted<>(weight, generator);
  }

  /** {@code value} with {@code weight}, for {@link #frequency}. */
  static <T> Weighted<T> weightedValue(int weight, T value) {
    return new Weighted<>(weight, constant(value));
  }

  /** A value of one of the generators, each picked in proportion to its weight. */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    List<Weighted<? extends T>> copy = new ArrayList<>(choices.length);
    for (Weighted<? extends T> choice : choices) {
      copy.add(choice);
    }
    long total = 0;
    for (Weighted<? extends T> w : copy) {
      total += w.weight();
    }
    long sum = total;
    return c -> {
      long pick = c.choose(sum);
      for (Weighted<? extends T> w : copy) {
        pick -= w.weight();
        if (pick < 0) {
          return w.generator().generate(c);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  /** Strings of {@code alphabet}, {@code minLength} to {@code maxLength} characters long. */
  static Gen<String> strings(Alphabet alphabet, int minLength, int maxLength) {
    checkSizes(minLength, maxLength);
    return c -> {
      int length = (int) c.between(minLength, maxLength);
      Choices.Collection collection = c.openCollection(c.size() - 1, minLength);
      char[] chars = new char[length];
      for (int i = 0; i < length; i++) {
        c.startElement(collection);
        chars[i] = alphabet.charAt((int) c.choose(alphabet.size()));
      }
      c.closeCollection(collection);
      return new String(chars);
    };
  }

  /** Strings of characters from {@code chars}, {@code minLength} to {@code maxLength} long. */
  static Gen<String> strings(Gen<Character> chars, int minLength, int maxLength) {
    return chars.list(minLength, maxLength).map(Gen::join);
  }

  /**
   * Byte arrays of {@code minLength} to {@code maxLength} bytes, every byte value equally likely.
   */
  static Gen<byte[]> bytes(int minLength, int maxLength) {
    return ints(0, 255).list(minLength, maxLength).map(Gen::toBytes);
  }

  /**
   * Maps of {@code minSize} to {@code maxSize} entries with distinct keys of {@code keys}, in the
   * order the keys were drawn. A map ends early when no new key comes up (as on the all-maximum
   * edge case, which repeats one key).
   */
  static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int minSize, int maxSize) {
    checkSizes(minSize, maxSize);
    return c -> {
      int size = (int) c.between(minSize, maxSize);
      Choices.Collection collection = c.openCollection(c.size() - 1, minSize);
      Map<K, V> map = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        c.startElement(collection);
        K key = keys.generate(c);
        for (int attempt = 1; map.containsKey(key); attempt++) {
          if (attempt == FILTER_ATTEMPTS || c.deterministic()) {
            if (map.size() < minSize) {
              throw new Choices.Rejected("no new key for a map of at least " + minSize);
            }
            break; // keys ran out (or the extremes repeat one): the map ends here
          }
          key = keys.generate(c);
        }
        if (map.containsKey(key)) {
          break;
        }
        map.put(key, values.generate(c));
      }
      c.closeCollection(collection);
      return map;
    };
  }

  private static void checkSizes(int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("bad sizes [" + min + ", " + max + "]");
    }
  }

  private static String join(List<Character> chars) {
    StringBuilder out = new StringBuilder(chars.size());
    for (char c : chars) {
      out.append(c);
    }
    return out.toString();
  }

  private static byte[] toBytes(List<Integer> values) {
    byte[] bytes = new byte[values.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (int) values.get(i);
    }
    return bytes;
  }
}
