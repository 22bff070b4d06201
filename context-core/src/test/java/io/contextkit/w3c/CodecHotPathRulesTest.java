package io.contextkit.w3c;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The codec sits on every request's path: keep regex and streams out of it for good. */
class CodecHotPathRulesTest {

  private static final JavaClasses CODEC =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.contextkit.w3c");

  @Test
  void codecUsesNeitherRegexNorStreams() {
    noClasses()
        .that()
        .resideInAnyPackage("io.contextkit.w3c..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.util.regex..", "java.util.stream..")
        .because("header parsing and formatting run on every request and message")
        .check(CODEC);
  }

  @Test
  void codecDependsOnNoFramework() {
    noClasses()
        .that()
        .resideInAnyPackage("io.contextkit.w3c..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.contextkit.w3c..", "java..", "org.jspecify..")
        .because("every transport reuses the codec, so it may depend on the JDK only")
        .check(CODEC);
  }
}
