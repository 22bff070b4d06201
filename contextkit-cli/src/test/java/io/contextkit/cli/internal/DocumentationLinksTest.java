package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of the user documentation (README.md and docs/*.md) points at a file of the
 * repository, and every {@code #anchor} at a heading of the Markdown file it names (GitHub's
 * heading ids). Lives here because this module is not published and already reads the documentation
 * ({@link SignedContextFormatTest}).
 */
class DocumentationLinksTest {

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.*?)\\s*#*$");

  @Test
  void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
    Path root = SignedContextFormatTest.repositoryRoot();
    List<Path> pages = documentation(root);
    assertThat(pages).contains(root.resolve("README.md"), root.resolve("docs/README.md"));

    assertThat(brokenLinks(pages)).isEmpty();
  }

  @Test
  void aMissingFileOrAnUnknownAnchorIsReported(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("other.md"), "# Other page\n\n## The `x` command: ok\n");
    Path page = dir.resolve("page.md");
    Files.writeString(
        page,
        String.join(
            "\n",
            "# Page",
            "[fine](other.md#the-x-command-ok) [fine](#page) [web](https://example.com/missing)",
            "[missing](missing.md) [bad anchor](other.md#nothing) [bad local](#nowhere)",
            "```",
            "[inside a code block](ignored.md)",
            "```"));

    assertThat(brokenLinks(List.of(page)))
        .containsExactly(
            "page.md:3: missing.md (no such file)",
            "page.md:3: other.md#nothing (no such heading)",
            "page.md:3: #nowhere (no such heading)");
  }

  private static List<Path> documentation(Path root) throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** Each broken link as {@code file:line: target (why)}. */
  static List<String> brokenLinks(List<Path> pages) throws IOException {
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      List<String> lines = Files.readAllLines(page);
      boolean fenced = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("```")) {
          fenced = !fenced;
          continue;
        }
        if (fenced) {
          continue;
        }
        Matcher link = LINK.matcher(line);
        while (link.find()) {
          String target = link.group(1);
          if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            continue; // https:, mailto: — not checked here
          }
          String problem = problem(page, target, anchors);
          if (problem != null) {
            broken.add(page.getFileName() + ":" + (i + 1) + ": " + target + " (" + problem + ")");
          }
        }
      }
    }
    return broken;
  }

  private static String problem(Path page, String target, Map<Path, Set<String>> anchors)
      throws IOException {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (hash < 0) {
      return null;
    }
    if (!file.toString().endsWith(".md") || Files.isDirectory(file)) {
      return "an anchor into a file that is not Markdown";
    }
    Set<String> ids = anchors.get(file);
    if (ids == null) {
      ids = headingIds(file);
      anchors.put(file, ids);
    }
    return ids.contains(target.substring(hash + 1)) ? null : "no such heading";
  }

  /** The ids GitHub gives a file's headings: lower case, punctuation dropped, spaces to '-'. */
  static Set<String> headingIds(Path file) throws IOException {
    Set<String> ids = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (fenced || !heading.matches()) {
        continue;
      }
      String text = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      String id =
          text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(id, 1, Integer::sum);
      ids.add(n == 1 ? id : id + "-" + (n - 1));
    }
    return ids;
  }
}
