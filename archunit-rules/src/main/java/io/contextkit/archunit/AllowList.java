package io.contextkit.archunit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reviewed dependencies a code base may use: one entry per line, each with the reason it was
 * allowed.
 *
 * <pre>
 * # entry                               # reason (mandatory)
 * org.slf4j..                           # logging facade, ARCH-12
 * com.fasterxml.jackson.databind        # JSON mapping (this package only)
 * com.squareup.okhttp3:okhttp           # HTTP client behind the platform wrapper, ARCH-20
 * </pre>
 *
 * An entry is a package ({@code a.b} covers exactly that package, {@code a.b..} the package and its
 * sub-packages) or an artifact {@code groupId:artifactId} (any version). Everything after the first
 * {@code #} is the reason; a line that starts with {@code #} is a comment. A missing reason, a
 * malformed entry or a duplicate fails the load with the file name and line number. Immutable.
 */
public final class AllowList {

  /** What an entry names. */
  public enum Kind {
    /** A package, or with a trailing {@code ..}, a package tree. */
    PACKAGE,
    /** A Maven artifact {@code groupId:artifactId}. */
    ARTIFACT
  }

  /**
   * One reviewed entry.
   *
   * @param pattern the entry as written ({@code org.slf4j..}, {@code com.squareup.okhttp3:okhttp})
   * @param kind package or artifact
   * @param reason why it is allowed
   * @param line the 1-based line in the source
   */
  public record Entry(String pattern, Kind kind, String reason, int line) {

    public Entry {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    /** Whether this is a package entry covering {@code packageName}. */
    public boolean coversPackage(String packageName) {
      if (kind != Kind.PACKAGE) {
        return false;
      }
      if (pattern.endsWith("..")) {
        String root = pattern.substring(0, pattern.length() - 2);
        return packageName.equals(root) || packageName.startsWith(root + ".");
      }
      return packageName.equals(pattern);
    }

    /** Whether this is an artifact entry for {@code groupAndArtifact} ({@code g:a}). */
    public boolean coversArtifact(String groupAndArtifact) {
      return kind == Kind.ARTIFACT && pattern.equals(groupAndArtifact);
    }
  }

  private final String source;
  private final List<Entry> entries;

  private AllowList(String source, List<Entry> entries) {
    this.source = source;
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses lines of the allow-list format.
   *
   * @param source a name for messages (usually the file name)
   * @throws IllegalArgumentException on a malformed line, naming source and line
   */
  public static AllowList parse(String source, List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int hash = line.indexOf('#');
      String pattern = (hash < 0 ? line : line.substring(0, hash)).strip();
      String reason = hash < 0 ? "" : line.substring(hash + 1).strip();
      String where = source + ":" + (i + 1);
      if (reason.isEmpty()) {
        throw new IllegalArgumentException(
            where + ": entry '" + pattern + "' has no reason; write '" + pattern + "  # why'");
      }
      Kind kind = pattern.indexOf(':') >= 0 ? Kind.ARTIFACT : Kind.PACKAGE;
      if (!(kind == Kind.ARTIFACT ? isArtifact(pattern) : isPackage(pattern))) {
        throw new IllegalArgumentException(
            where
                + ": '"
                + pattern
                + "' is neither a package (a.b or a.b..) nor an artifact (groupId:artifactId)");
      }
      if (!seen.add(pattern)) {
        throw new IllegalArgumentException(where + ": duplicate entry '" + pattern + "'");
      }
      entries.add(new Entry(pattern, kind, reason, i + 1));
    }
    return new AllowList(source, entries);
  }

  /**
   * Loads an allow-list from a file path, or, when no such file exists, from a classpath resource
   * of that name.
   *
   * @throws IllegalStateException if neither exists
   * @throws IllegalArgumentException on a malformed line
   */
  public static AllowList load(String location) {
    Path path = Path.of(location);
    try {
      if (Files.isRegularFile(path)) {
        return parse(location, Files.readAllLines(path, StandardCharsets.UTF_8));
      }
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      String resource = location.startsWith("/") ? location.substring(1) : location;
      try (InputStream in =
          (loader != null ? loader : AllowList.class.getClassLoader())
              .getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "no dependency allow-list: neither a file '"
                  + path.toAbsolutePath()
                  + "' nor a classpath resource '"
                  + resource
                  + "' exists; create that file with one reviewed dependency per line"
                  + " ('org.slf4j..  # why', 'com.squareup.okhttp3:okhttp  # why'), or point"
                  + " contextkit.allowList in archunit.properties at your file");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return parse(location, text.lines().toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read allow-list " + location, e);
    }
  }

  /** Where the entries came from, for messages. */
  public String source() {
    return source;
  }

  /** The entries in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The first package entry covering {@code packageName}, if any. */
  public @Nullable Entry packageEntryFor(String packageName) {
    for (Entry entry : entries) {
      if (entry.coversPackage(packageName)) {
        return entry;
      }
    }
    return null;
  }

  /** The artifact entry for {@code groupAndArtifact}, if any. */
  public @Nullable Entry artifactEntryFor(String groupAndArtifact) {
    for (Entry entry : entries) {
      if (entry.coversArtifact(groupAndArtifact)) {
        return entry;
      }
    }
    return null;
  }

  private static boolean isPackage(String pattern) {
    String body = pattern.endsWith("..") ? pattern.substring(0, pattern.length() - 2) : pattern;
    if (body.isEmpty()) {
      return false;
    }
    for (String part : body.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
        return false;
      }
      for (int i = 1; i < part.length(); i++) {
        if (!Character.isJavaIdentifierPart(part.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isArtifact(String pattern) {
    int colon = pattern.indexOf(':');
    return colon > 0
        && colon < pattern.length() - 1
        && pattern.indexOf(':', colon + 1) < 0
        && pattern.indexOf(' ') < 0;
  }
}
