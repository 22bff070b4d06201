package io.contextkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code io.contextkit..internal..} packages are shared between ContextKit artifacts only: nothing
 * outside {@code io.contextkit} may use them (the samples stand for applications), and each says so
 * in its {@code package-info.java}.
 */
class InternalPackagesTest {

  /** The statement every internal package's documentation carries, word for word. */
  static final String STATEMENT =
      "Internal to ContextKit: shared between ContextKit artifacts only, with no compatibility"
          + " promise; code outside io.contextkit must not use it.";

  /**
   * The modules whose compiled classes the dependency rule reads (this module builds after them).
   */
  private static final List<String> MODULES =
      List.of(
          "context-core",
          "noop-storage",
          "feature-flags",
          "archunit-rules",
          "context-spring-starter",
          "context-quarkus-extension/runtime",
          "context-quarkus-extension/deployment",
          "contextkit-cli",
          "samples/spring-orders",
          "samples/quarkus-inventory",
          "samples/demo");

  private static final Path REPOSITORY =
      Path.of(System.getProperty("contextkit.repository", "..")).toAbsolutePath().normalize();

  @Test
  void noClassOutsideContextKitDependsOnAnInternalPackage() {
    List<Path> classes = new ArrayList<>();
    for (String module : MODULES) {
      Path directory = REPOSITORY.resolve(module).resolve("target/classes");
      assertThat(directory).as("the compiled classes of " + module).isDirectory();
      classes.add(directory);
    }
    JavaClasses imported = new ClassFileImporter().importPaths(classes);

    // An empty selection fails the rule (ArchUnit's default), so it cannot pass vacuously: the
    // samples' application classes (com.example..) are outside io.contextkit.
    noClasses()
        .that()
        .resideOutsideOfPackage("io.contextkit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.contextkit..internal..")
        .because("io.contextkit..internal.. is shared between ContextKit artifacts only")
        .check(imported);
  }

  @Test
  void everyInternalPackageSaysItIsSharedBetweenContextKitArtifactsOnly() throws IOException {
    List<Path> internal;
    try (Stream<Path> paths = Files.walk(REPOSITORY)) {
      internal =
          paths
              .filter(Files::isDirectory)
              .filter(path -> path.getFileName().toString().equals("internal"))
              .filter(path -> path.toString().contains("/src/main/java/io/contextkit/"))
              .filter(path -> !path.toString().contains("/target/"))
              .toList();
    }
    assertThat(internal).as("internal packages under " + REPOSITORY).hasSizeGreaterThan(10);
    List<String> missing = new ArrayList<>();
    for (Path directory : internal) {
      Path info = directory.resolve("package-info.java");
      String text =
          Files.isRegularFile(info)
              ? Files.readString(info).replaceAll("\\s*\\n\\s*\\*?\\s*", " ")
              : "";
      if (!text.contains(STATEMENT)) {
        missing.add(REPOSITORY.relativize(directory).toString());
      }
    }
    assertThat(missing)
        .as("internal packages whose package-info.java lacks: " + STATEMENT)
        .isEmpty();
  }
}
