package io.contextkit.archunit.internal;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Where a class comes from: a JDK module, a Maven artifact, a directory of the build, or unknown.
 *
 * <p>Heuristics, in order: a package of a module in the boot layer is the JDK (exact for the
 * running JDK); a {@code jrt:} source is the JDK; a jar whose path follows the Maven repository
 * layout ({@code …/repository/g/r/o/u/p/artifact/version/artifact-version[-classifier].jar}) or the
 * Gradle cache layout ({@code …/files-2.1/group/artifact/version/hash/artifact-version.jar}) gives
 * {@code group:artifact:version}; otherwise a jar holding exactly one {@code
 * META-INF/maven/g/a/pom.properties} gives it. Shaded jars, fat jars, jars copied to a {@code lib/}
 * folder without Maven metadata, and classes whose source ArchUnit did not record (resolution of
 * missing classes switched off) are unknown.
 */
public final class ClassOrigins {

  /** What kind of place a class comes from. */
  public enum Kind {
    JDK,
    ARTIFACT,
    DIRECTORY,
    UNKNOWN
  }

  /**
   * A class's origin.
   *
   * @param kind the kind
   * @param name the JDK module ({@code java.base}), the artifact ({@code g:a}), the directory, or
   *     the class's package when unknown
   * @param version the artifact version, or empty
   */
  public record Origin(Kind kind, String name, String version) {}

  private static final Map<String, String> JDK_PACKAGES = jdkPackages();

  private final Map<String, Optional<String[]>> artifactsByJar = new ConcurrentHashMap<>();

  /** The origin of {@code javaClass}. */
  public Origin of(JavaClass javaClass) {
    String module = JDK_PACKAGES.get(javaClass.getPackageName());
    if (module != null) {
      return new Origin(Kind.JDK, module, "");
    }
    Optional<Source> source = javaClass.getSource();
    if (source.isEmpty()) {
      return new Origin(Kind.UNKNOWN, javaClass.getPackageName(), "");
    }
    URI uri = source.get().getUri();
    String scheme = uri.getScheme();
    if ("jrt".equals(scheme)) {
      String path = uri.getPath();
      int slash = path.indexOf('/', 1);
      return new Origin(Kind.JDK, slash > 0 ? path.substring(1, slash) : path.substring(1), "");
    }
    if ("jar".equals(scheme)) {
      String spec = uri.getSchemeSpecificPart();
      int bang = spec.indexOf("!/");
      String jar = bang >= 0 ? spec.substring(0, bang) : spec;
      Optional<String[]> artifact = artifactsByJar.computeIfAbsent(jar, ClassOrigins::artifactOf);
      if (artifact.isPresent()) {
        String[] gav = artifact.get();
        return new Origin(Kind.ARTIFACT, gav[0] + ":" + gav[1], gav[2]);
      }
      return new Origin(Kind.UNKNOWN, javaClass.getPackageName(), "");
    }
    if ("file".equals(scheme)) {
      return new Origin(Kind.DIRECTORY, directoryOf(uri, javaClass), "");
    }
    return new Origin(Kind.UNKNOWN, javaClass.getPackageName(), "");
  }

  /** Whether the package belongs to a module of the running JDK. */
  public static boolean isJdkPackage(String packageName) {
    return JDK_PACKAGES.containsKey(packageName);
  }

  private static String directoryOf(URI uri, JavaClass javaClass) {
    String path = uri.getPath();
    String suffix = javaClass.getName().replace('.', '/') + ".class";
    return path.endsWith(suffix) ? path.substring(0, path.length() - suffix.length()) : path;
  }

  private static Optional<String[]> artifactOf(String jarUri) {
    Path jar;
    try {
      jar = Paths.get(URI.create(jarUri));
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
    Optional<String[]> fromLayout = fromRepositoryLayout(jar);
    return fromLayout.isPresent() ? fromLayout : fromPomProperties(jar);
  }

  static Optional<String[]> fromRepositoryLayout(Path jar) {
    List<String> parts = new ArrayList<>();
    for (Path part : jar) {
      parts.add(part.toString());
    }
    int n = parts.size();
    if (n < 4) {
      return Optional.empty();
    }
    String file = parts.get(n - 1);
    // Maven: …/repository/<group path>/<artifact>/<version>/<artifact>-<version>[-classifier].jar
    String version = parts.get(n - 2);
    String artifact = parts.get(n - 3);
    if (file.startsWith(artifact + "-" + version)) {
      int repository = parts.lastIndexOf("repository");
      if (repository >= 0 && repository < n - 4) {
        String group = String.join(".", parts.subList(repository + 1, n - 3));
        return Optional.of(new String[] {group, artifact, version});
      }
    }
    // Gradle: …/files-2.1/<group>/<artifact>/<version>/<sha1>/<artifact>-<version>.jar
    if (n >= 6 && "files-2.1".equals(parts.get(n - 6))) {
      String gradleVersion = parts.get(n - 3);
      String gradleArtifact = parts.get(n - 4);
      if (file.startsWith(gradleArtifact + "-" + gradleVersion)) {
        return Optional.of(new String[] {parts.get(n - 5), gradleArtifact, gradleVersion});
      }
    }
    return Optional.empty();
  }

  private static Optional<String[]> fromPomProperties(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      String[] found = null;
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
          if (found != null) {
            // Several artifacts in one jar (shaded): no single answer.
            return Optional.empty();
          }
          Properties properties = new Properties();
          try (InputStream in = file.getInputStream(entry)) {
            properties.load(in);
          }
          found =
              new String[] {
                properties.getProperty("groupId", ""),
                properties.getProperty("artifactId", ""),
                properties.getProperty("version", "")
              };
        }
      }
      return found == null || found[0].isEmpty() || found[1].isEmpty()
          ? Optional.empty()
          : Optional.of(found);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> jdkPackages() {
    Map<String, String> packages = new HashMap<>();
    for (Module module : ModuleLayer.boot().modules()) {
      String name = module.getName();
      if (name.startsWith("java.") || name.startsWith("jdk.")) {
        for (String packageName : module.getPackages()) {
          packages.put(packageName, name);
        }
      }
    }
    return Map.copyOf(packages);
  }
}
