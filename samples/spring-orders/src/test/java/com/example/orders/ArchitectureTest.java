package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orders.archfixture.HandWrittenMdc;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import io.contextkit.archunit.ContextRules;
import org.junit.jupiter.api.Test;

/**
 * The sample follows ContextKit's rules (CTX-001..007). It lives outside {@code io.contextkit..} on
 * purpose: ContextKit's own packages are sanctioned, so a sample inside them would pass vacuously.
 */
class ArchitectureTest {

  @Test
  void sampleClassesFollowTheContextRules() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackagesOf(OrdersApplication.class);
    assertThat(classes.contain(OrderService.class)).isTrue();
    assertThat(classes.contain(HandWrittenMdc.class)).isFalse();

    ContextRules.all().check(classes);
  }

  @Test
  void rulesReportAViolationInTheSamplesPackages() {
    JavaClasses fixture = new ClassFileImporter().importClasses(HandWrittenMdc.class);

    EvaluationResult result = ContextRules.all().evaluate(fixture);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("CTX-005").contains("MDC.put");
  }
}
