package io.contextkit.archunit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule, evaluated on all fixtures, reports exactly the members marked {@code @Violates} with
 * its id: a missing origin is a missed violation, an extra one a false positive.
 */
class ContextRulesFixtureTest {

  static Stream<Arguments> rules() {
    ContextRuleSet rules = Fixtures.RULES;
    return Stream.of(
        Arguments.of("CTX-001", rules.noUnmanagedThreads()),
        Arguments.of("CTX-002", rules.noUnwrappedExecutors()),
        Arguments.of("CTX-003", rules.noDefaultAsyncPools()),
        Arguments.of("CTX-004", rules.noDirectIdentityHeaderReads()),
        Arguments.of("CTX-005", rules.noManualMdcWrites()),
        Arguments.of("CTX-006", rules.noUnwrappedHttpClients()),
        Arguments.of("CTX-007", rules.noUnwrappedPersistence()),
        Arguments.of("CTX-008", rules.noThreadLocalsOutsideContextLayer()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void reportsExactlyTheMarkedOrigins(String id, ArchRule rule) {
    EvaluationResult result = rule.evaluate(Fixtures.CLASSES);

    Set<String> expected = Fixtures.markedViolations(id);
    assertThat(expected).as("fixture violations of %s", id).hasSizeGreaterThanOrEqualTo(9);
    assertThat(Fixtures.reportedOrigins(result)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void reportsNoNearMiss(String id, ArchRule rule) {
    Set<String> nearMisses = Fixtures.markedNearMisses(id);
    assertThat(nearMisses).as("near-misses of %s", id).hasSizeGreaterThanOrEqualTo(3);

    assertThat(Fixtures.reportedOrigins(rule.evaluate(Fixtures.CLASSES)))
        .doesNotContainAnyElementsOf(nearMisses);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void descriptionStartsWithItsIdAndNamesAReplacement(String id, ArchRule rule) {
    assertThat(rule.getDescription()).startsWith(id + " no ").contains(", because ");
  }
}
