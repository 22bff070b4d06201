package io.contextkit.archunit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * This module's own main code passes the rules that apply to it, with nothing sanctioned: no
 * thread, pool, MDC write, client or thread local of its own, and no runtime dependency but
 * ArchUnit (plus the provided nullness and ArchUnit-JUnit annotations).
 */
class OwnCodeArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .importPackages("io.contextkit.archunit");

  private static final ContextRuleSet NOTHING_SANCTIONED =
      ContextRules.using(ContextRulesConfiguration.defaults().withSanctionedPackages());

  @Test
  void importsTheMainClasses() {
    assertThat(MAIN.contain(ContextRules.class)).isTrue();
    assertThat(MAIN.contain(OwnCodeArchitectureTest.class)).isFalse();
  }

  @Test
  void passesEveryContextRuleIncludingTheOptInOne() {
    NOTHING_SANCTIONED.all().check(MAIN);
    NOTHING_SANCTIONED.noThreadLocalsOutsideContextLayer().check(MAIN);
  }

  @Test
  void dependsOnlyOnTheAllowListedLibraries() {
    AllowList ownDependencies =
        AllowList.parse(
            "archunit-rules",
            List.of(
                "com.tngtech.archunit..  # the only runtime dependency",
                "org.jspecify.annotations  # nullness annotations, provided",
                "com.tngtech.archunit:archunit-junit6-api  # @ArchTest on the suite, provided"));

    ManagedDependencyRules.onlyAllowListedPackages(ownDependencies).check(MAIN);
    ManagedDependencyRules.onlyAllowListedArtifacts(
            AllowList.parse(
                "archunit-rules artifacts",
                List.of(
                    "com.tngtech.archunit:archunit  # the only runtime dependency",
                    "com.tngtech.archunit:archunit-junit6-api  # @ArchTest, provided",
                    "org.jspecify:jspecify  # nullness annotations, provided")))
        .check(MAIN);
  }

  @Test
  void followsArchUnitsGeneralCodingRules() {
    for (ArchRule rule :
        List.of(
            GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS,
            GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING,
            GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION)) {
      rule.check(MAIN);
    }
  }
}
