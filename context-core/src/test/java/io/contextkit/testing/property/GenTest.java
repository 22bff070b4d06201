package io.contextkit.testing.property;

import static io.contextkit.testing.property.Gen.weightedValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class GenTest {

  private static final int SAMPLES = 20_000;

  /** Feeds {@code SAMPLES} random values of {@code gen} to {@code check}, then the two extremes. */
  private static <T> void sample(Gen<T> gen, Consumer<T> check) {
    for (int i = 0; i < SAMPLES; i++) {
      check.accept(gen.generate(Choices.random(i)));
    }
    for (Choices extreme : List.of(Choices.minimum(), Choices.maximum())) {
      try {
        check.accept(gen.generate(extreme));
      } catch (Choices.Rejected ruledOutByAFilter) {
        // the runner skips such an edge case too
      }
    }
  }

  @Test
  void intsStayInTheirRangeAndReachBothEnds() {
    Set<Integer> seen = new HashSet<>();

    sample(Gen.ints(-3, 1_000_000), seen::add);

    assertThat(seen)
        .allSatisfy(i -> assertThat(i).isBetween(-3, 1_000_000))
        .contains(-3, 1_000_000);
  }

  @Test
  void longsStayInTheirRangeAndReachBothEnds() {
    Set<Long> seen = new HashSet<>();

    sample(Gen.longs(0, 999_999_999_999L), seen::add);

    assertThat(seen)
        .allSatisfy(i -> assertThat(i).isBetween(0L, 999_999_999_999L))
        .contains(0L, 999_999_999_999L);
  }

  @Test
  void stringsKeepToTheirAlphabetAndLengths() {
    Alphabet alphabet = Alphabet.of("xy").and(Alphabet.range('0', '3'));
    Set<Integer> lengths = new HashSet<>();

    sample(
        alphabet.strings(2, 9),
        s -> {
          lengths.add(s.length());
          assertThat(s.chars().allMatch(c -> alphabet.contains((char) c))).as(s).isTrue();
        });

    assertThat(lengths).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void theWholeAlphabetProducesUnpairedSurrogates() {
    List<String> strings = new ArrayList<>();

    sample(Alphabet.ALL.strings(1, 3), strings::add);

    assertThat(strings).anyMatch(s -> s.chars().anyMatch(c -> Character.isSurrogate((char) c)));
    assertThat(Alphabet.ALL.size()).isEqualTo(65_536);
  }

  @Test
  void listsKeepTheirSizeBounds() {
    Set<Integer> sizes = new HashSet<>();

    sample(Gen.booleans().list(1, 4), l -> sizes.add(l.size()));

    assertThat(sizes).containsExactlyInAnyOrder(1, 2, 3, 4);
  }

  @Test
  void mapsHaveDistinctKeysAndKeepTheirSizeBounds() {
    Set<Integer> sizes = new HashSet<>();

    sample(
        Gen.maps(Gen.elements("a", "b", "c", "d", "e", "f"), Gen.ints(0, 9), 0, 5),
        m -> sizes.add(m.size()));

    assertThat(sizes).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
  }

  @Test
  void frequencyFollowsTheWeights() {
    int[] counts = new int[2];

    sample(Gen.frequency(weightedValue(9, 0), weightedValue(1, 1)), i -> counts[i]++);

    assertThat(counts[1]).isBetween(SAMPLES / 10 - 400, SAMPLES / 10 + 400);
  }

  @Test
  void mapAndFilterApplyToEveryValue() {
    sample(
        Gen.ints(0, 100).filter(i -> i % 3 == 0).map(i -> "n" + i),
        s -> assertThat(Integer.parseInt(s.substring(1)) % 3).isZero());
  }

  @Test
  void orNullGivesNullAboutAsOftenAsAsked() {
    int[] nulls = new int[1];

    sample(Gen.constant("x").orNull(0.25), v -> nulls[0] += v == null ? 1 : 0);

    assertThat(nulls[0]).isBetween(SAMPLES / 4 - 500, SAMPLES / 4 + 500);
  }

  @Test
  void theSameChoicesGiveTheSameValue() {
    Gen<List<String>> gen = Alphabet.ALL.strings(0, 30).list(0, 10);

    for (long seed = 0; seed < 200; seed++) {
      Choices choices = Choices.random(seed);
      List<String> value = gen.generate(choices);

      assertThat(gen.generate(Choices.random(seed))).isEqualTo(value);
      assertThat(gen.generate(Choices.replay(choices.made()))).isEqualTo(value);
    }
  }

  @Test
  void minimumAndMaximumChoicesGiveTheExtremes() {
    Gen<String> gen = Alphabet.of("abc").strings(1, 5);

    assertThat(gen.generate(Choices.minimum())).isEqualTo("a");
    assertThat(gen.generate(Choices.maximum())).isEqualTo("ccccc");
    assertThat(Gen.elements(1, 2, 3).generate(Choices.maximum())).isEqualTo(3);
  }

  @Test
  void aFilterThatNeverPassesRejectsTheInput() {
    assertThatThrownBy(() -> Gen.ints(0, 9).filter(i -> i > 9).generate(Choices.random(1)))
        .isInstanceOf(Choices.Rejected.class);
    assertThatThrownBy(() -> Gen.ints(0, 9).filter(i -> i > 0).generate(Choices.minimum()))
        .isInstanceOf(Choices.Rejected.class);
  }

  @Test
  void badBoundsAreRefused() {
    assertThatThrownBy(() -> Gen.booleans().list(3, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Alphabet.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gen.longs(0, Long.MAX_VALUE).generate(Choices.random(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describeEscapesEverythingButPrintableAscii() {
    assertThat(Describe.of("a\r\n\t\u0000\ud83d\"\\z"))
        .isEqualTo("\"a\\r\\n\\t\\u0000\\ud83d\\\"\\\\z\"");
    assertThat(Describe.of(List.of("x", 'y', new byte[] {1, (byte) 0xff})))
        .isEqualTo("[\"x\", 'y', bytes[2] 01ff]");
    assertThat(Describe.of(Map.of("k", List.of()))).isEqualTo("{\"k\"=[]}");
    assertThat(Describe.of(new Mutations.Mutation(Mutations.Kind.INSERT, 1, 2, '\n')))
        .isEqualTo("Mutation[kind=INSERT, position=1, length=2, c='\\n']");
    assertThat(Describe.of("x".repeat(100), 10)).isEqualTo("\"xxxxxxxxx… (92 more chars)");
  }
}
