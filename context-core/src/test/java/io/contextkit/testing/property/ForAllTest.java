package io.contextkit.testing.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

class ForAllTest {

  private static final Gen<String> WORDS = Alphabet.range('a', 'z').strings(0, 40);

  @Test
  void runsTheEdgeCasesAndThenExactlyTheGivenNumberOfRandomTries() {
    List<String> seen = new ArrayList<>();

    ForAll.Report report = ForAll.of(WORDS).seed(7).tries(500).run(seen::add);

    assertThat(seen).hasSize(502);
    assertThat(seen.get(0)).isEmpty();
    assertThat(seen.get(1)).isEqualTo("z".repeat(40));
    assertThat(report.edgeCases()).isEqualTo(2);
    assertThat(report.randomTries()).isEqualTo(500);
    assertThat(report.name())
        .isEqualTo("ForAllTest#runsTheEdgeCasesAndThenExactlyTheGivenNumberOfRandomTries");
  }

  @Test
  void runsTheExamplesFirstAsWritten() {
    List<String> seen = new ArrayList<>();

    ForAll.of(WORDS).seed(7).tries(3).examples("first", "second").run(seen::add);

    assertThat(seen).hasSize(7).startsWith("first", "second");
  }

  @Test
  void reportsTheSeedTheTryAndTheInputOfAFailure() {
    long seed = 0x1234abcdL;

    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                ForAll.of(WORDS)
                    .seed(seed)
                    .tries(1_000)
                    .run(word -> assertThat(word).doesNotContain("q")));

    assertThat(failure.seed()).isEqualTo(seed);
    assertThat(failure.tryNumber()).isGreaterThan(2);
    assertThat((String) failure.input()).contains("q");
    assertThat(failure.getMessage())
        .startsWith(
            "ForAllTest#reportsTheSeedTheTryAndTheInputOfAFailure failed on try "
                + failure.tryNumber()
                + " of 1002, seed 0x1234abcd")
        .contains("\n  input:   " + Describe.of(failure.input()))
        .contains("\n  shrunk:  \"q\"")
        .contains("\n  failure: \"java.lang.AssertionError:")
        .endsWith(
            "\n  replay:  -Dtest=ForAllTest#reportsTheSeedTheTryAndTheInputOfAFailure"
                + " -Dcontextkit.property.seed=0x1234abcd -Dcontextkit.property.try="
                + failure.tryNumber());
    assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
  }

  @Test
  void theReportedSeedAndTryReplayExactlyTheFailingInput() {
    Gen<List<Integer>> lists = Gen.ints(0, 1_000).list(0, 20);
    ForAll.Property<List<Integer>> no777 = list -> assertThat(list).doesNotContain(777);
    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class, () -> ForAll.of(lists).seed(99).tries(10_000).run(no777));
    List<List<Integer>> replayed = new ArrayList<>();

    assertThatThrownBy(
            () ->
                ForAll.of(lists)
                    .seed(failure.seed())
                    .tries(10_000)
                    .onlyTry(failure.tryNumber())
                    .run(
                        list -> {
                          replayed.add(List.copyOf(list));
                          no777.check(list);
                        }))
        .isInstanceOf(PropertyFailure.class)
        .hasMessageContaining("failed on try " + failure.tryNumber() + " of 10002, seed 0x63");
    assertThat(failure.tryNumber()).isGreaterThan(ForAll.EDGE_CASES);
    // The first input the replayed try sees is the reported one (shrinking runs after it).
    assertThat(replayed.get(0)).isEqualTo(failure.input());
  }

  @Test
  void theSameSeedGivesTheSameInputsAndAnotherSeedOthers() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<String> other = new ArrayList<>();

    ForAll.of(WORDS).named("p").seed(42).tries(200).run(first::add);
    ForAll.of(WORDS).named("p").seed(42).tries(200).run(second::add);
    ForAll.of(WORDS).named("p").seed(43).tries(200).run(other::add);

    assertThat(second).isEqualTo(first);
    assertThat(other.subList(2, 202))
        .doesNotContainAnyElementsOf(
            first.subList(2, 202).stream().filter(s -> s.length() > 5).toList());
  }

  @Test
  void propertiesOfOneRunGetDifferentInputs() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();

    ForAll.of(WORDS).named("a").seed(42).tries(50).run(first::add);
    ForAll.of(WORDS).named("b").seed(42).tries(50).run(second::add);

    assertThat(second.subList(2, 52)).isNotEqualTo(first.subList(2, 52));
  }

  @Test
  void shrinksAFailingStringToTheShortestOneThatStillFails() {
    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                ForAll.of(WORDS).seed(3).tries(1_000).run(w -> assertThat(w).doesNotContain("qu")));

    assertThat((String) failure.input()).contains("qu").hasSizeGreaterThan(2);
    assertThat(failure.shrunk()).isEqualTo("qu");
  }

  @Test
  void shrinksAFailingListToFewerAndSmallerMembers() {
    Gen<List<Integer>> lists = Gen.ints(0, 50).list(0, 30);

    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                ForAll.of(lists)
                    .seed(5)
                    .tries(1_000)
                    .run(l -> assertThat(l.stream().mapToInt(i -> i).sum()).isLessThan(100)));

    @SuppressWarnings("unchecked")
    List<Integer> original = (List<Integer>) failure.input();
    assertThat(original).hasSizeGreaterThan(2);
    assertThat(failure.shrunk()).isEqualTo(List.of(50, 50));
  }

  @Test
  void keepsAShrunkInputOnlyWhenThePropertyFailsOnItAgain() {
    List<String> checked = new ArrayList<>();

    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                ForAll.of(WORDS)
                    .seed(11)
                    .tries(1_000)
                    .run(
                        w -> {
                          checked.add(w);
                          assertThat(w.length()).isLessThan(30);
                        }));

    assertThat(failure.shrunk()).isEqualTo("a".repeat(30));
    assertThat(checked).contains("a".repeat(30)).contains("a".repeat(29));
    assertThat(failure.getCause()).hasMessageContaining("30");
  }

  @Test
  void staysWithTheFirstKindOfFailureWhileShrinking() {
    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                ForAll.of(WORDS)
                    .seed(13)
                    .tries(1_000)
                    .run(
                        w -> {
                          if (w.contains("k") && w.length() < 3) {
                            throw new IllegalStateException("short");
                          }
                          assertThat(w).doesNotContain("k");
                        }));

    assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
    assertThat((String) failure.shrunk()).hasSize(3).matches("a*ka*");
  }

  @Test
  void reportsAFailingExampleAsAnExample() {
    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                ForAll.of(WORDS)
                    .seed(1)
                    .examples("fine", "bad\r\nline")
                    .run(w -> assertThat(w).doesNotContain("\n")));

    assertThat(failure.tryNumber()).isZero();
    assertThat(failure.getMessage())
        .contains("failed on example 2")
        .contains("input:   \"bad\\r\\nline\"")
        .doesNotContain("\r");
  }

  @Test
  void reportsAFailingEdgeCaseAsOne() {
    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> ForAll.of(WORDS).seed(1).run(w -> assertThat(w).isNotEmpty()));

    assertThat(failure.tryNumber()).isEqualTo(1);
    assertThat(failure.getMessage())
        .contains("try 1 of 1002 (edge case: every choice at its minimum)");
  }

  @Test
  void anEdgeCaseThatAFilterRulesOutIsSkipped() {
    List<String> seen = new ArrayList<>();

    ForAll.of(WORDS.filter(w -> w.length() % 2 == 1)).seed(1).tries(10).run(seen::add);

    assertThat(seen).hasSize(10).allSatisfy(w -> assertThat(w.length() % 2).isEqualTo(1));
  }

  @Test
  void aGeneratorThatRejectsARandomTryFailsTheRun() {
    assertThatThrownBy(() -> ForAll.of(WORDS.filter(w -> false)).seed(1).tries(1).run(w -> {}))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the generator rejected try 3");
  }

  @Test
  void asDynamicTestsNamesTheSeedAndRunsExamplesSeparately() throws Throwable {
    List<String> seen = new ArrayList<>();

    DynamicNode node = ForAll.of(WORDS).seed(0x5eedL).tries(10).examples("x").check(seen::add);

    assertThat(node).isInstanceOf(DynamicContainer.class);
    List<? extends DynamicNode> children = ((DynamicContainer) node).getChildren().toList();
    assertThat(children)
        .extracting(DynamicNode::getDisplayName)
        .containsExactly("example 1: \"x\"", "2 edge cases + 10 random tries, seed 0x5eed");
    for (DynamicNode child : children) {
      ((DynamicTest) child).getExecutable().execute();
    }
    assertThat(seen).hasSize(13).startsWith("x");
  }

  @Test
  void triesOfDifferentSeedsOrNumbersHaveDifferentSeeds() {
    assertThat(ForAll.trySeed(1, "p", 3)).isNotEqualTo(ForAll.trySeed(1, "p", 4));
    assertThat(ForAll.trySeed(1, "p", 3)).isNotEqualTo(ForAll.trySeed(2, "p", 3));
    assertThat(ForAll.trySeed(1, "p", 3)).isNotEqualTo(ForAll.trySeed(1, "q", 3));
    assertThat(ForAll.trySeed(1, "p", 3)).isEqualTo(ForAll.trySeed(1, "p", 3));
  }
}
