package io.contextkit.archunit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DependencyMapTest {

  private static final String DEP = "io.contextkit.archunit.fixtures.dep";

  private static final DependencyMap MAP =
      DependencyMap.of(new ClassFileImporter().importPackages(DEP));

  @Test
  void groupsTargetsIntoArtifactsJdkModulesAndProjectPackages() {
    assertThat(MAP.nodes())
        .contains(
            new DependencyMap.Node(DEP, DependencyMap.Kind.PACKAGE, DEP),
            new DependencyMap.Node(
                "org.slf4j:slf4j-api", DependencyMap.Kind.ARTIFACT, "org.slf4j:slf4j-api:2.0.18"),
            new DependencyMap.Node(
                "com.squareup.okhttp3:okhttp",
                DependencyMap.Kind.ARTIFACT,
                "com.squareup.okhttp3:okhttp:4.12.0"),
            new DependencyMap.Node("jdk:java.base", DependencyMap.Kind.JDK_MODULE, "java.base"),
            new DependencyMap.Node(
                "io.contextkit.archunit", DependencyMap.Kind.PACKAGE, "io.contextkit.archunit"));
    assertThat(MAP.edges())
        .allSatisfy(edge -> assertThat(edge.from()).isEqualTo(DEP))
        .anySatisfy(
            edge -> {
              assertThat(edge.to()).isEqualTo("com.squareup.okhttp3:okhttp");
              assertThat(edge.count()).isGreaterThanOrEqualTo(4);
            });
  }

  @Test
  void rendersJsonWithOneLinePerNodeAndEdge() {
    String json = MAP.toJson();

    assertThat(json)
        .startsWith("{\n  \"nodes\": [\n")
        .contains(
            "    {\"id\": \"org.slf4j:slf4j-api\", \"kind\": \"artifact\", \"label\":"
                + " \"org.slf4j:slf4j-api:2.0.18\"}")
        .contains(
            "    {\"id\": \"jdk:java.base\", \"kind\": \"jdk_module\", \"label\": \"java.base\"}")
        .containsPattern(
            "\\{\"from\": \"io\\.contextkit\\.archunit\\.fixtures\\.dep\", \"to\":"
                + " \"org\\.slf4j:slf4j-api\", \"count\": \\d+}")
        .endsWith("\n  ]\n}\n");
    assertThat(json.lines().filter(line -> line.startsWith("    {")).count())
        .isEqualTo(MAP.nodes().size() + MAP.edges().size());
  }

  @Test
  void rendersMermaidFlowchartWithShapesPerKind() {
    String mermaid = MAP.toMermaid();

    assertThat(mermaid)
        .startsWith("flowchart LR\n")
        .contains("([\"org.slf4j:slf4j-api:2.0.18\"])")
        .contains("[(\"java.base\")]")
        .contains("[\"" + DEP + "\"]")
        .containsPattern("  n\\d+ -->\\|\\d+\\| n\\d+\n");
    assertThat(mermaid.lines().filter(line -> line.contains("-->")).count())
        .isEqualTo(MAP.edges().size());
  }

  @Test
  void writesBothFormats(@TempDir Path directory) throws IOException {
    Path target = directory.resolve("archunit");

    MAP.writeTo(target);

    assertThat(Files.readString(target.resolve("dependency-map.json"))).isEqualTo(MAP.toJson());
    assertThat(Files.readString(target.resolve("dependency-map.mmd"))).isEqualTo(MAP.toMermaid());
  }
}
