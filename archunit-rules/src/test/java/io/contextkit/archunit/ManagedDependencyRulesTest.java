package io.contextkit.archunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.contextkit.archunit.fixtures.annotationdefault.ScannedWithDefaults;
import io.contextkit.archunit.fixtures.annotationdefault.ScannedWithExplicitGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedDependencyRulesTest {

  private static final JavaClasses DEP_FIXTURES =
      new ClassFileImporter().importPackages("io.contextkit.archunit.fixtures.dep");

  private static final AllowList ALLOW_LIST = AllowList.load("archunit-allowed-dependencies.txt");

  @Test
  void reportsOneViolationPerClassAndUnlistedPackage() {
    EvaluationResult result =
        ManagedDependencyRules.onlyAllowListedPackages(ALLOW_LIST).evaluate(DEP_FIXTURES);

    List<String> details = result.getFailureReport().getDetails();
    assertThat(details)
        .hasSize(3)
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith(
                        "Class <io.contextkit.archunit.fixtures.dep.Orders> uses package <okhttp3>"))
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith(
                        "Class <io.contextkit.archunit.fixtures.dep.Orders> uses package <jakarta.servlet.http>"))
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith(
                        "Class <io.contextkit.archunit.fixtures.dep.Payments> uses package <okhttp3>"));
    assertThat(details)
        .anySatisfy(
            d ->
                assertThat(d)
                    .matches(
                        "Class <io\\.contextkit\\.archunit\\.fixtures\\.dep\\.Payments> uses package"
                            + " <okhttp3> that is not on the allow-list archunit-allowed-dependencies\\.txt"
                            + " \\(2 dependencies, first: .*\\(Payments\\.java:\\d+\\)\\); after review add"
                            + " 'okhttp3\\.\\.  # <reason>' or 'com\\.squareup\\.okhttp3:okhttp  # <reason>'"));
  }

  @Test
  void artifactRuleNamesCoordinatesDerivedFromTheJarLocation() {
    EvaluationResult result =
        ManagedDependencyRules.onlyAllowListedArtifacts(ALLOW_LIST).evaluate(DEP_FIXTURES);

    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains("Orders> uses artifact <org.slf4j:slf4j-api>")
        .contains("Orders> uses artifact <com.squareup.okhttp3:okhttp>")
        .contains("Orders> uses artifact <jakarta.servlet:jakarta.servlet-api>")
        .contains("Payments> uses artifact <com.squareup.okhttp3:okhttp>")
        .contains("package-info> uses artifact <org.jspecify:jspecify>")
        .doesNotContain("spring-web")
        .doesNotContain("java.base");
    assertThat(result.getFailureReport().getDetails()).hasSize(5);
  }

  @Test
  void reportsTheEntryNothingUsesWithItsLine() {
    EvaluationResult result =
        ManagedDependencyRules.noUnusedAllowListEntries(ALLOW_LIST).evaluate(DEP_FIXTURES);

    assertThat(result.getFailureReport().getDetails())
        .containsExactly(
            "allow-list entry 'com.google.common..' (archunit-allowed-dependencies.txt:6,"
                + " \"stale on purpose: nothing uses Guava\") is used by no analysed class; remove it");
  }

  @Test
  void passesWhenEveryUsedLibraryIsListed() {
    AllowList complete =
        AllowList.parse(
            "complete",
            List.of(
                "org.slf4j..  # logging",
                "org.jspecify.annotations  # nullness annotations, this package only",
                "org.springframework:spring-web  # HTTP abstractions",
                "com.squareup.okhttp3:okhttp  # HTTP client",
                "jakarta.servlet..  # servlet API"));

    assertThat(
            ManagedDependencyRules.all(complete)
                .evaluate(DEP_FIXTURES)
                .getFailureReport()
                .getDetails())
        .isEmpty();
  }

  @Test
  void descriptionsAreStableAndDoNotNameTheFile() {
    assertThat(ManagedDependencyRules.onlyAllowListedPackages(ALLOW_LIST).getDescription())
        .isEqualTo(
            "DEP-001 only allow-listed packages, because every third-party package in use was"
                + " reviewed; add it to the allow-list with a reason after review");
    assertThat(ManagedDependencyRules.onlyAllowListedArtifacts(ALLOW_LIST).getDescription())
        .isEqualTo(
            "DEP-002 only allow-listed artifacts, because every artifact in use was reviewed; add"
                + " groupId:artifactId to the allow-list with a reason after review");
    assertThat(ManagedDependencyRules.noUnusedAllowListEntries(ALLOW_LIST).getDescription())
        .isEqualTo(
            "DEP-003 no unused allow-list entries, because an entry nothing uses is a review"
                + " nobody needs; remove it");
  }

  @Test
  void anAnnotationMemberLeftAtItsDefaultIsNotAUse() {
    JavaClasses classes = new ClassFileImporter().importClasses(ScannedWithDefaults.class);
    AllowList springContext =
        AllowList.parse(
            "spring-context",
            List.of("org.springframework.context.annotation..  # component scanning"));

    assertThat(
            ManagedDependencyRules.onlyAllowListedPackages(springContext)
                .evaluate(classes)
                .getFailureReport()
                .getDetails())
        .isEmpty();
  }

  @Test
  void anAnnotationMemberWrittenOutIsAUse() {
    JavaClasses classes = new ClassFileImporter().importClasses(ScannedWithExplicitGenerator.class);
    AllowList springContext =
        AllowList.parse(
            "spring-context",
            List.of("org.springframework.context.annotation..  # component scanning"));

    assertThat(
            ManagedDependencyRules.onlyAllowListedPackages(springContext)
                .evaluate(classes)
                .getFailureReport()
                .getDetails())
        .singleElement()
        .asString()
        .contains("uses package <org.springframework.beans.factory.support>");
  }

  @Test
  void rejectsAnEntryWithoutReason() {
    assertThatThrownBy(() -> AllowList.parse("deps.txt", List.of("# header", "org.slf4j..")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deps.txt:2: entry 'org.slf4j..' has no reason; write 'org.slf4j..  # why'");
  }

  @Test
  void rejectsMalformedAndDuplicateEntries() {
    assertThatThrownBy(() -> AllowList.parse("deps.txt", List.of("org..slf4j  # x")))
        .hasMessageContaining("deps.txt:1: 'org..slf4j' is neither a package");
    assertThatThrownBy(() -> AllowList.parse("deps.txt", List.of("g:a:1.0  # x")))
        .hasMessageContaining("deps.txt:1: 'g:a:1.0' is neither");
    assertThatThrownBy(() -> AllowList.parse("deps.txt", List.of("a.b  # x", "a.b  # y")))
        .hasMessage("deps.txt:2: duplicate entry 'a.b'");
  }

  @Test
  void exactPackageEntryDoesNotCoverSubPackages() {
    AllowList list = AllowList.parse("l", List.of("com.acme  # x", "org.acme..  # y"));

    assertThat(list.packageEntryFor("com.acme")).isNotNull();
    assertThat(list.packageEntryFor("com.acme.sub")).isNull();
    assertThat(list.packageEntryFor("org.acme.sub")).isNotNull();
    assertThat(list.packageEntryFor("org.acmex")).isNull();
  }

  @Test
  void loadsFromAFileBeforeTheClasspath(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("deps.txt");
    Files.writeString(file, "org.slf4j..  # from the file\n");

    assertThat(AllowList.load(file.toString()).entries())
        .containsExactly(
            new AllowList.Entry("org.slf4j..", AllowList.Kind.PACKAGE, "from the file", 1));
  }

  @Test
  void failsClearlyWhenTheAllowListIsMissing() {
    assertThatThrownBy(() -> AllowList.load("no-such-allow-list.txt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no dependency allow-list")
        .hasMessageContaining("contextkit.allowList");
  }
}
