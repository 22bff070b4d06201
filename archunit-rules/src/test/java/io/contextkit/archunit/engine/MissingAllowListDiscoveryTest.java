package io.contextkit.archunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import com.tngtech.archunit.ArchConfiguration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.EngineDiscoveryResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Without an allow-list file, the one-line DEP test must not break the engine's discovery (which
 * would run no test of the whole suite); the rule fails like any other rule, saying what to create.
 */
class MissingAllowListDiscoveryTest {

  private static final String MISSING = "target/no-such-dir/missing-allow-list.txt";

  @Test
  void aMissingAllowListFailsTheRuleWithWhatToCreateAndDiscoverySucceeds() {
    List<EngineDiscoveryResult> discoveries = new ArrayList<>();
    Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    LauncherDiscoveryListener discoveryListener =
        new LauncherDiscoveryListener() {
          @Override
          public void engineDiscoveryFinished(UniqueId engineId, EngineDiscoveryResult result) {
            discoveries.add(result);
          }
        };
    TestExecutionListener executionListener =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            results.put(test.getDisplayName(), result);
          }
        };

    ArchConfiguration configuration = ArchConfiguration.get();
    configuration.setProperty("contextkit.allowList", MISSING);
    try {
      LauncherFactory.create(LauncherConfig.builder().build())
          .execute(
              request()
                  .selectors(selectClass(MissingAllowListSuite.class))
                  .filters(EngineFilter.includeEngines("archunit"))
                  .listeners(discoveryListener)
                  .build(),
              executionListener);
    } finally {
      configuration.reset();
    }

    assertThat(discoveries)
        .isNotEmpty()
        .allSatisfy(
            d -> assertThat(d.getStatus()).isEqualTo(EngineDiscoveryResult.Status.SUCCESSFUL));
    assertThat(results).containsKey("managed");
    TestExecutionResult managed = results.get("managed");
    assertThat(managed.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(managed.getThrowable())
        .get()
        .isInstanceOf(AssertionError.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("DEP-001")
        .contains("no dependency allow-list")
        .contains("missing-allow-list.txt")
        .contains("create")
        .contains("contextkit.allowList");
  }
}
