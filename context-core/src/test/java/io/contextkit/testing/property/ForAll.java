package io.contextkit.testing.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs a property: a check that must pass for every input of a generator. Each run tries, in order:
 * the explicit {@linkplain #examples examples}, then two edge cases (every choice at its minimum,
 * try 1, and at its maximum, try 2), then {@linkplain #tries the given number} of random inputs
 * (tries 3 and up), each from its own seed derived from the run seed, the property's name and the
 * try number. The first failure is shrunk and reported as a {@link PropertyFailure} naming the
 * seed, the try and both inputs.
 *
 * <pre>{@code
 * @TestFactory
 * DynamicNode parsesWhatItFormats() {
 *   return ForAll.of(headers).tries(10_000).check(header -> assertThat(...));
 * }
 * }</pre>
 *
 * <p>System properties (read when the run is built):
 *
 * <ul>
 *   <li>{@value #SEED_PROPERTY}: the run seed, decimal or {@code 0x} hex; {@code random} for a
 *       fresh one (it shows in the test name and in any failure). Default {@link #DEFAULT_SEED}, so
 *       CI runs the same inputs every time.
 *   <li>{@value #TRY_PROPERTY}: run only this try of each property (with the seed from a failure,
 *       it replays exactly the failing input).
 *   <li>{@value #SCALE_PROPERTY}: multiply every property's random tries, e.g. {@code 10} for a
 *       longer local run.
 * </ul>
 *
 * @param <T> the type of the inputs
 */
public final class ForAll<T> {

  /** A check over one input; any exception or error it throws is a failure. */
  @FunctionalInterface
  public interface Property<T> {
    void check(T input) throws Throwable;
  }

  /** What a run did. */
  public record Report(String name, long seed, int examples, int edgeCases, int randomTries) {}

  /** The run seed unless {@value #SEED_PROPERTY} says otherwise. */
  public static final long DEFAULT_SEED = 0x5EED_C0DE_0021L;

  public static final String SEED_PROPERTY = "contextkit.property.seed";
  public static final String TRY_PROPERTY = "contextkit.property.try";
  public static final String SCALE_PROPERTY = "contextkit.property.scale";

  /** The number of edge-case tries before the random ones. */
  public static final int EDGE_CASES = 2;

  /** How many property runs shrinking may spend. */
  static final int SHRINK_RUNS = 5_000;

  private static final long RANDOM_SEED = ThreadLocalRandom.current().nextLong();

  private final Gen<T> gen;
  private String name;
  private int tries = 1_000;
  private final List<T> examples = new ArrayList<>();
  private long seed;
  private @Nullable Integer onlyTry;
  private double scale;

  private ForAll(Gen<T> gen, String name) {
    this.gen = gen;
    this.name = name;
    this.seed = seedFromSystemProperty();
    this.onlyTry = tryFromSystemProperty();
    this.scale = scaleFromSystemProperty();
  }

  /** A property over the values of {@code gen}, named after the method that calls this. */
  public static <T> ForAll<T> of(Gen<T> gen) {
    Objects.requireNonNull(gen, "gen");
    String caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .filter(f -> f.getDeclaringClass() != ForAll.class)
                        .findFirst()
                        .map(f -> f.getDeclaringClass().getSimpleName() + "#" + methodName(f))
                        .orElse("property"));
    return new ForAll<>(gen, caller);
  }

  /** The method a frame runs, or for a lambda the method that holds it. */
  private static String methodName(StackWalker.StackFrame frame) {
    String name = frame.getMethodName();
    if (name.startsWith("lambda$")) {
      int end = name.indexOf('$', 7);
      return end > 7 ? name.substring(7, end) : name;
    }
    return name;
  }

  /** Renames the property; the name also selects its inputs, so renaming changes them. */
  public ForAll<T> named(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The number of random tries (default 1,000), on top of the examples and edge cases. */
  public ForAll<T> tries(int tries) {
    if (tries < 0) {
      throw new IllegalArgumentException("tries must not be negative: " + tries);
    }
    this.tries = tries;
    return this;
  }

  /** Inputs tried first, every run, as written. */
  @SafeVarargs
  public final ForAll<T> examples(T... examples) {
    for (T example : examples) {
      this.examples.add(example);
    }
    return this;
  }

  /** Runs from {@code seed}, ignoring the system properties (for tests of this runner). */
  public ForAll<T> seed(long seed) {
    this.seed = seed;
    this.onlyTry = null;
    this.scale = 1;
    return this;
  }

  /**
   * Runs only try {@code tryNumber} (for tests of this runner; users set {@value #TRY_PROPERTY}).
   */
  ForAll<T> onlyTry(int tryNumber) {
    this.onlyTry = tryNumber;
    return this;
  }

  /** The run as JUnit dynamic tests: one per example, one for the edge cases and random tries. */
  public DynamicNode check(Property<T> property) {
    Objects.requireNonNull(property, "property");
    DynamicTest generated = DynamicTest.dynamicTest(label(), () -> runGenerated(property));
    if (examples.isEmpty()) {
      return generated;
    }
    List<DynamicNode> nodes = new ArrayList<>();
    for (int k = 0; k < examples.size(); k++) {
      T example = examples.get(k);
      int number = k + 1;
      nodes.add(
          DynamicTest.dynamicTest(
              "example " + number + ": " + Describe.of(example, 60),
              () -> runExample(property, number, example)));
    }
    nodes.add(generated);
    return DynamicContainer.dynamicContainer(name, nodes.stream());
  }

  /** Runs the examples, the edge cases and the random tries here and now. */
  public Report run(Property<T> property) {
    Objects.requireNonNull(property, "property");
    for (int k = 0; k < examples.size(); k++) {
      runExample(property, k + 1, examples.get(k));
    }
    return runGenerated(property);
  }

  /** The seed of try {@code tryNumber} of property {@code name} in run {@code seed}. */
  static long trySeed(long seed, String name, int tryNumber) {
    long h = 0xcbf29ce484222325L; // FNV-1a of the name: the same on every JVM and release
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * 0x100000001b3L;
    }
    return mix(mix(seed ^ h) + tryNumber * 0x9E3779B97F4A7C15L);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private int randomTries() {
    return tries == 0 ? 0 : (int) Math.max(1, Math.round(tries * scale));
  }

  private String label() {
    String seedText = hex(seed);
    if (onlyTry != null) {
      return "try " + onlyTry + ", seed " + seedText;
    }
    return String.format(
        Locale.ROOT,
        "%,d edge cases + %,d random tries, seed %s",
        EDGE_CASES,
        randomTries(),
        seedText);
  }

  private void runExample(Property<T> property, int number, T example) {
    try {
      property.check(example);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable failure) {
      String message =
          name
              + " failed on example "
              + number
              + "\n  input:   "
              + Describe.of(example, 4_000)
              + "\n  failure: "
              + summary(failure);
      throw new PropertyFailure(message, failure, example, example, 0, seed);
    }
  }

  private Report runGenerated(Property<T> property) {
    int total = EDGE_CASES + randomTries();
    int last = total;
    int first = 1;
    if (onlyTry != null) {
      if (onlyTry < 1 || onlyTry > total) {
        throw new IllegalArgumentException(
            TRY_PROPERTY + "=" + onlyTry + " is not a try of " + name + " (1 to " + total + ")");
      }
      first = onlyTry;
      last = onlyTry;
    }
    int edgeCases = 0;
    int random = 0;
    for (int tryNumber = first; tryNumber <= last; tryNumber++) {
      Choices choices = choicesFor(tryNumber);
      T input;
      try {
        input = gen.generate(choices);
      } catch (Choices.Rejected rejected) {
        if (tryNumber <= EDGE_CASES) {
          continue; // an extreme the generator's filters rule out: nothing to try
        }
        throw new AssertionError(
            name
                + ": the generator rejected try "
                + tryNumber
                + " ("
                + rejected.getMessage()
                + ")");
      }
      try {
        property.check(input);
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (Throwable failure) {
        throw failed(property, tryNumber, total, choices, failure);
      }
      if (tryNumber <= EDGE_CASES) {
        edgeCases++;
      } else {
        random++;
      }
    }
    return new Report(name, seed, examples.size(), edgeCases, random);
  }

  private Choices choicesFor(int tryNumber) {
    return switch (tryNumber) {
      case 1 -> Choices.minimum();
      case 2 -> Choices.maximum();
      default -> Choices.random(trySeed(seed, name, tryNumber));
    };
  }

  private PropertyFailure failed(
      Property<T> property, int tryNumber, int total, Choices choices, Throwable failure) {
    // Regenerated from the recorded choices: the property may have changed the input it got.
    T input = gen.generate(Choices.replay(choices.made()));
    Shrinker.Result<T> shrunk =
        new Shrinker<>(gen, property, SHRINK_RUNS, choices, input, failure).shrink();
    String kind =
        switch (tryNumber) {
          case 1 -> " (edge case: every choice at its minimum)";
          case 2 -> " (edge case: every choice at its maximum)";
          default -> "";
        };
    String message =
        name
            + " failed on try "
            + tryNumber
            + " of "
            + total
            + kind
            + ", seed "
            + hex(seed)
            + "\n  input:   "
            + Describe.of(input, 4_000)
            + "\n  shrunk:  "
            + (shrunk.steps() == 0
                ? "nothing smaller fails (" + shrunk.runs() + " runs)"
                : Describe.of(shrunk.input(), 4_000)
                    + " ("
                    + shrunk.steps()
                    + " steps, "
                    + shrunk.runs()
                    + " runs)")
            + "\n  failure: "
            + summary(shrunk.failure())
            + "\n  replay:  -Dtest="
            + name
            + " -D"
            + SEED_PROPERTY
            + "="
            + hex(seed)
            + " -D"
            + TRY_PROPERTY
            + "="
            + tryNumber;
    PropertyFailure error =
        new PropertyFailure(message, shrunk.failure(), input, shrunk.input(), tryNumber, seed);
    if (shrunk.failure() != failure) {
      error.addSuppressed(failure);
    }
    return error;
  }

  private static String summary(Throwable failure) {
    String text = failure.getClass().getName() + ": " + failure.getMessage();
    String escaped = Describe.quote(text.strip());
    return escaped.length() > 2_000 ? escaped.substring(0, 2_000) + "…" : escaped;
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  private static long seedFromSystemProperty() {
    String text = System.getProperty(SEED_PROPERTY);
    if (text == null || text.isBlank()) {
      return DEFAULT_SEED;
    }
    text = text.strip();
    if (text.equalsIgnoreCase("random")) {
      return RANDOM_SEED;
    }
    try {
      return text.startsWith("0x") || text.startsWith("0X")
          ? Long.parseUnsignedLong(text.substring(2), 16)
          : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          SEED_PROPERTY + " must be a number, 0x hex or 'random': " + Describe.quote(text), e);
    }
  }

  private static @Nullable Integer tryFromSystemProperty() {
    String text = System.getProperty(TRY_PROPERTY);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          TRY_PROPERTY + " must be a try number: " + Describe.quote(text), e);
    }
  }

  private static double scaleFromSystemProperty() {
    String text = System.getProperty(SCALE_PROPERTY);
    if (text == null || text.isBlank()) {
      return 1;
    }
    double scale;
    try {
      scale = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      scale = -1;
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          SCALE_PROPERTY + " must be a positive number: " + Describe.quote(text));
    }
    return scale;
  }
}
