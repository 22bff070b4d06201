package io.contextkit.sample.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.contextkit.archunit.ContextRules;
import org.junit.jupiter.api.Test;

/** The sample's own code keeps to ContextKit's rules: the one line every application adds. */
class ContextRulesTest {

  @Test
  void applicationCodeFollowsEveryContextRule() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.contextkit.sample.inventory");
    // Guards against a vacuous pass: the rules must have seen the application's classes.
    assertThat(classes.contain(ConformanceResource.class)).isTrue();
    assertThat(classes.contain(OrderCreatedConsumer.class)).isTrue();

    ContextRules.all().check(classes);
  }
}
