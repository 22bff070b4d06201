package io.contextkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core stays framework-free: behaviour lives here and is tested here (DESIGN.md § Modules). */
class CoreDependenciesTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // The shared test fixtures are on the test class path, not part of the core.
          .withImportOption(location -> !location.contains("/io/contextkit/testsupport/"))
          .importPackages("io.contextkit");

  @Test
  void coreDependsOnNoFramework() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "io.quarkus..",
            "jakarta.enterprise..",
            "javax.enterprise..",
            "jakarta.inject..",
            "org.hibernate..",
            "jakarta.persistence..",
            "io.vertx..",
            "io.smallrye..")
        .because("context-core must not import Spring, Quarkus, CDI or Hibernate")
        .check(CORE);
  }

  @Test
  void optionalLibrariesAreUsedOnlyInTheirOwnCorners() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.contextkit.integration.micrometer..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micrometer..")
        .because("Micrometer context-propagation is an optional dependency")
        .check(CORE);
    noClasses()
        .that()
        .resideOutsideOfPackages("io.contextkit.integration.microprofile..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.microprofile..")
        .because("MicroProfile Context Propagation is an optional dependency")
        .check(CORE);
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.contextkit.internal.MdcProjection")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.slf4j..")
        .because(
            "SLF4J is optional: only the MDC projection, loaded when SLF4J is present, may use it")
        .check(CORE);
  }
}
