package io.contextkit.archunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import com.tngtech.archunit.library.freeze.TextFileBasedViolationStore;
import io.contextkit.archunit.fixtures.ctx001.ThreadFixtures;
import io.contextkit.archunit.fixtures.ctx005.MdcFixtures;
import io.contextkit.archunit.fixtures.sanctioned.ContextLayer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule frozen in a temporary store: records, catches a new violation, shrinks on a fix. */
class FreezeRoundTripTest {

  @Test
  void recordsThenCatchesNewViolationsThenShrinksWhenFixed(@TempDir Path storeDirectory)
      throws IOException {
    ContextRulesConfiguration configuration =
        ContextRulesConfiguration.defaults()
            .withSanctionedPackages("io.contextkit.archunit.fixtures.sanctioned..");
    ArchRule rule = ContextRules.using(configuration).noManualMdcWrites();
    JavaClasses legacy = new ClassFileImporter().importClasses(MdcFixtures.class);

    // 1. First run: the existing violations are recorded and the build passes.
    frozen(rule, storeDirectory).check(legacy);
    Path store = storeFile(storeDirectory, rule);
    int recorded = Files.readAllLines(store).size();
    // The seven top-level methods of MdcFixtures that write the MDC (nested classes not imported).
    assertThat(recorded).isEqualTo(7);

    // 2. A new violation fails, even when it appears because the configuration changed: the
    //    description, and so the store key, stays the same.
    ArchRule stricter =
        ContextRules.using(configuration.withSanctionedPackages()).noManualMdcWrites();
    assertThat(stricter.getDescription()).isEqualTo(rule.getDescription());
    JavaClasses grown =
        new ClassFileImporter().importClasses(MdcFixtures.class, ContextLayer.class);
    assertThatThrownBy(() -> frozen(stricter, storeDirectory).check(grown))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "ContextLayer.projectToMdc(java.lang.String)> calls method <org.slf4j.MDC.put");

    // 3. Fixing the violations removes them from the store.
    JavaClasses fixed = new ClassFileImporter().importClasses(ThreadFixtures.class);
    frozen(rule, storeDirectory).check(fixed);
    assertThat(Files.readAllLines(storeFile(storeDirectory, rule))).isEmpty();
  }

  @Test
  void refusesToCreateAStoreWhenCreationIsNotAllowed(@TempDir Path storeDirectory) {
    TextFileBasedViolationStore store = new TextFileBasedViolationStore();
    Properties properties = new Properties();
    properties.setProperty("default.path", storeDirectory.resolve("missing").toString());
    properties.setProperty("default.allowStoreCreation", "false");

    assertThatThrownBy(() -> store.initialize(properties))
        .hasMessageContaining("allowStoreCreation");
  }

  @AfterEach
  void resetArchUnitConfiguration() {
    ArchConfiguration.get().reset();
  }

  /**
   * The rule frozen into {@code storeDirectory}. FreezingArchRule initialises its store from
   * ArchUnit's global configuration when it is evaluated, so the store settings go there (what a
   * user writes into archunit.properties) and are reset after each test.
   */
  private static ArchRule frozen(ArchRule rule, Path storeDirectory) {
    ArchConfiguration configuration = ArchConfiguration.get();
    configuration.setProperty("freeze.store.default.path", storeDirectory.toString());
    configuration.setProperty("freeze.store.default.allowStoreCreation", "true");
    configuration.setProperty("freeze.store.default.allowStoreUpdate", "true");
    return FreezingArchRule.freeze(rule);
  }

  private static Path storeFile(Path storeDirectory, ArchRule rule) throws IOException {
    Properties index = new Properties();
    try (Reader reader = Files.newBufferedReader(storeDirectory.resolve("stored.rules"))) {
      index.load(reader);
    }
    assertThat(index.stringPropertyNames()).isEqualTo(java.util.Set.of(rule.getDescription()));
    return storeDirectory.resolve(List.of(index.getProperty(rule.getDescription())).get(0));
  }
}
