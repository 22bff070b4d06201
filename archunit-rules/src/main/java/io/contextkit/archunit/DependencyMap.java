package io.contextkit.archunit;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import io.contextkit.archunit.internal.ClassOrigins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the analysed code depends on — the "picture of the system": one node per analysed package,
 * per artifact ({@code groupId:artifactId}), per JDK module and per package of unknown origin, and
 * one edge per (analysed package, target node) with the number of dependencies.
 *
 * <pre>{@code
 * @ArchTest
 * static void dependencyMap(JavaClasses classes) throws IOException {
 *   DependencyMap.of(classes).writeTo(Path.of("target/archunit"));
 * }
 * }</pre>
 *
 * Nodes and edges are sorted, so the output is stable and can be committed and diffed. Immutable.
 */
public final class DependencyMap {

  /** What a node stands for. */
  public enum Kind {
    /** A package of the analysed code, or of a sibling module's build output. */
    PACKAGE,
    /** A jar with Maven coordinates. */
    ARTIFACT,
    /** A module of the JDK. */
    JDK_MODULE,
    /** A package whose jar has no recognisable coordinates. */
    UNKNOWN_PACKAGE
  }

  /**
   * A node.
   *
   * @param id unique id: the package, {@code g:a}, {@code jdk:<module>} or {@code ?:<package>}
   * @param kind what it stands for
   * @param label human-readable name (with version for artifacts)
   */
  public record Node(String id, Kind kind, String label) {}

  /**
   * An edge from an analysed package.
   *
   * @param from id of the analysed package
   * @param to id of the target node
   * @param count number of class-level dependencies (calls, field types, inheritance, annotations…)
   */
  public record Edge(String from, String to, int count) {}

  private final List<Node> nodes;
  private final List<Edge> edges;

  private DependencyMap(List<Node> nodes, List<Edge> edges) {
    this.nodes = List.copyOf(nodes);
    this.edges = List.copyOf(edges);
  }

  /** Builds the map of {@code classes}; dependencies inside one package are not edges. */
  public static DependencyMap of(JavaClasses classes) {
    ClassOrigins origins = new ClassOrigins();
    Set<String> analysedPackages = new HashSet<>();
    for (JavaClass javaClass : classes) {
      analysedPackages.add(javaClass.getPackageName());
    }
    Map<String, Node> nodes = new TreeMap<>();
    Map<String, int[]> counts = new TreeMap<>();
    for (JavaClass javaClass : classes) {
      String from = javaClass.getPackageName();
      nodes.putIfAbsent(from, new Node(from, Kind.PACKAGE, from));
      for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass().getBaseComponentType();
        if (target.isPrimitive()) {
          continue;
        }
        Node node = nodeOf(target, analysedPackages, origins);
        if (node.id().equals(from)) {
          continue;
        }
        nodes.putIfAbsent(node.id(), node);
        counts.computeIfAbsent(from + "\n" + node.id(), k -> new int[1])[0]++;
      }
    }
    List<Edge> edges = new ArrayList<>();
    for (Map.Entry<String, int[]> count : counts.entrySet()) {
      int newline = count.getKey().indexOf('\n');
      edges.add(
          new Edge(
              count.getKey().substring(0, newline),
              count.getKey().substring(newline + 1),
              count.getValue()[0]));
    }
    return new DependencyMap(new ArrayList<>(nodes.values()), edges);
  }

  private static Node nodeOf(JavaClass target, Set<String> analysedPackages, ClassOrigins origins) {
    String packageName = target.getPackageName();
    if (analysedPackages.contains(packageName)) {
      return new Node(packageName, Kind.PACKAGE, packageName);
    }
    ClassOrigins.Origin origin = origins.of(target);
    return switch (origin.kind()) {
      case JDK -> new Node("jdk:" + origin.name(), Kind.JDK_MODULE, origin.name());
      case ARTIFACT ->
          new Node(origin.name(), Kind.ARTIFACT, origin.name() + ":" + origin.version());
      case DIRECTORY -> new Node(packageName, Kind.PACKAGE, packageName);
      case UNKNOWN -> new Node("?:" + packageName, Kind.UNKNOWN_PACKAGE, packageName);
    };
  }

  /** Nodes sorted by id. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Edges sorted by source, then target. */
  public List<Edge> edges() {
    return edges;
  }

  /**
   * The map as JSON: {@code {"nodes":[{"id","kind","label"}…],"edges":[{"from","to","count"}…]}},
   * kinds in lower case ({@code package}, {@code artifact}, {@code jdk_module}, {@code
   * unknown_package}).
   */
  public String toJson() {
    StringBuilder json = new StringBuilder("{\n  \"nodes\": [");
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      json.append(i == 0 ? "\n" : ",\n")
          .append("    {\"id\": ")
          .append(quote(node.id()))
          .append(", \"kind\": ")
          .append(quote(node.kind().name().toLowerCase(java.util.Locale.ROOT)))
          .append(", \"label\": ")
          .append(quote(node.label()))
          .append('}');
    }
    json.append(nodes.isEmpty() ? "],\n  \"edges\": [" : "\n  ],\n  \"edges\": [");
    for (int i = 0; i < edges.size(); i++) {
      Edge edge = edges.get(i);
      json.append(i == 0 ? "\n" : ",\n")
          .append("    {\"from\": ")
          .append(quote(edge.from()))
          .append(", \"to\": ")
          .append(quote(edge.to()))
          .append(", \"count\": ")
          .append(edge.count())
          .append('}');
    }
    return json.append(edges.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
  }

  /**
   * The map as a Mermaid {@code flowchart LR}: analysed packages as rectangles, artifacts as
   * stadiums, JDK modules as cylinders, unknown packages as hexagons; edges labelled with counts.
   */
  public String toMermaid() {
    StringBuilder mermaid = new StringBuilder("flowchart LR\n");
    Map<String, String> ids = new TreeMap<>();
    for (Node node : nodes) {
      String id = "n" + ids.size();
      ids.put(node.id(), id);
      String label = "\"" + node.label().replace("\"", "#quot;") + "\"";
      mermaid.append("  ").append(id);
      switch (node.kind()) {
        case PACKAGE -> mermaid.append('[').append(label).append(']');
        case ARTIFACT -> mermaid.append("([").append(label).append("])");
        case JDK_MODULE -> mermaid.append("[(").append(label).append(")]");
        case UNKNOWN_PACKAGE -> mermaid.append("{{").append(label).append("}}");
      }
      mermaid.append('\n');
    }
    for (Edge edge : edges) {
      mermaid
          .append("  ")
          .append(ids.get(edge.from()))
          .append(" -->|")
          .append(edge.count())
          .append("| ")
          .append(ids.get(edge.to()))
          .append('\n');
    }
    return mermaid.toString();
  }

  /**
   * Writes {@code dependency-map.json} and {@code dependency-map.mmd} into {@code directory},
   * creating it if needed.
   *
   * @throws IOException if writing fails
   */
  public void writeTo(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("dependency-map.json"), toJson(), StandardCharsets.UTF_8);
    Files.writeString(directory.resolve("dependency-map.mmd"), toMermaid(), StandardCharsets.UTF_8);
  }

  private static String quote(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
