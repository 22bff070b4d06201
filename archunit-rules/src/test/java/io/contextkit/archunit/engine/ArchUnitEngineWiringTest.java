package io.contextkit.archunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

/** The suite runs on the ArchUnit JUnit 6 engine: one test per rule, failures per rule. */
class ArchUnitEngineWiringTest {

  @Test
  void runsOneTestPerRuleOnOneImportAndFailsOnlyTheViolatedRules() {
    Set<String> passed = new TreeSet<>();
    Set<String> failed = new TreeSet<>();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : failed)
                  .add(test.getDisplayName());
            }
          }
        };

    LauncherFactory.create()
        .execute(
            request()
                .selectors(selectClass(SpringSchedulingSuite.class))
                .filters(EngineFilter.includeEngines("archunit"))
                .build(),
            listener);

    assertThat(passed.size() + failed.size()).isEqualTo(7);
    // ThreadPoolTaskExecutor and friends build their pools by hand: that is what they are for.
    assertThat(failed).contains("ContextRuleSuite > ctx002_unwrapped_executors");
    assertThat(passed)
        .contains(
            "ContextRuleSuite > ctx004_direct_identity_header_reads",
            "ContextRuleSuite > ctx005_manual_mdc_writes",
            "ContextRuleSuite > ctx006_unwrapped_http_clients",
            "ContextRuleSuite > ctx007_unwrapped_persistence");
  }
}
