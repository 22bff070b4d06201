import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails when a file of the repository carries a licence header that conflicts with the project's
 * Apache License 2.0: run as {@code java release/LicenseHeaderCheck.java [ROOT]}.
 *
 * <p>ContextKit's own files carry no header (LICENSE at the root covers them). Read are the first
 * lines of every file git tracks (or, outside git, of every file below ROOT but target/ and .git/):
 * an SPDX identifier other than Apache-2.0, the name or wording of another licence, "all rights
 * reserved", or a copyright notice without the Apache License 2.0 beside it is a problem. LICENSE,
 * NOTICE and this file are not read; binary files are skipped.
 *
 * <p>Prints every problem and one summary line; exits 1 when there is any problem.
 */
public final class LicenseHeaderCheck {

  /** Licence headers sit at the top; the first lines are where a copied file shows its origin. */
  private static final int HEADER_LINES = 30;

  private static final Set<String> NOT_READ =
      Set.of("LICENSE", "NOTICE", "release/LicenseHeaderCheck.java");

  private static final Pattern SPDX =
      Pattern.compile("SPDX-License-Identifier:\\s*([^\\s*/>-]+(?:-[^\\s*/>]+)*)");

  private static final Pattern APACHE_2 =
      Pattern.compile("Apache License,?\\s+Version 2\\.0|SPDX-License-Identifier:\\s*Apache-2\\.0");

  private static final Pattern COPYRIGHT =
      Pattern.compile("\\bcopyright\\b|\\(c\\)\\s*\\d{4}|©", Pattern.CASE_INSENSITIVE);

  /** Wordings of other licences, each unambiguous enough not to match ordinary prose or code. */
  private static final List<Pattern> OTHER_LICENCES =
      Stream.of(
              "GNU (Affero |Lesser |Library )?General Public License",
              "\\b(A|L)?GPL(v?[0-9])?\\b",
              "Eclipse Public License",
              "\\bEPL-[12]\\.0\\b",
              "Mozilla Public License",
              "\\bMPL-[12]\\.[01]\\b",
              "The MIT License",
              "MIT License",
              "Permission is hereby granted, free of charge",
              "Redistribution and use in source and binary forms",
              "BSD (2|3|4)-Clause",
              "Common Development and Distribution License",
              "\\bCDDL\\b",
              "Creative Commons",
              "Server Side Public License",
              "Business Source License",
              "All rights reserved",
              "Unpublished work",
              "proprietary and confidential")
          .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE))
          .toList();

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    List<String> files = listFiles(root);
    List<String> problems = new ArrayList<>();
    int read = 0;
    for (String name : files) {
      if (NOT_READ.contains(name)) {
        continue;
      }
      Path file = root.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (isBinary(bytes)) {
        continue;
      }
      read++;
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R", HEADER_LINES + 1);
      String header = String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, HEADER_LINES)));
      problems.addAll(problemsIn(name, header));
    }
    problems.forEach(p -> System.out.println("FAIL " + p));
    String summary = read + " files read, " + problems.size() + " conflicting licence header(s)";
    if (problems.isEmpty()) {
      System.out.println("licence headers OK: " + summary);
    } else {
      System.out.println(
          "licence headers NOT OK: "
              + summary
              + ". ContextKit is Apache-2.0: a file under another licence cannot be part of it;"
              + " remove the file, or the header if the file is our own.");
      System.exit(1);
    }
  }

  static List<String> problemsIn(String name, String header) {
    List<String> problems = new ArrayList<>();
    Matcher spdx = SPDX.matcher(header);
    while (spdx.find()) {
      if (!spdx.group(1).equals("Apache-2.0")) {
        problems.add(name + ": SPDX-License-Identifier " + spdx.group(1) + " is not Apache-2.0");
      }
    }
    for (Pattern licence : OTHER_LICENCES) {
      Matcher m = licence.matcher(header);
      if (m.find()) {
        problems.add(
            name + ": its header names another licence or reserves rights: \"" + m.group() + "\"");
      }
    }
    if (COPYRIGHT.matcher(header).find() && !APACHE_2.matcher(header).find()) {
      problems.add(
          name
              + ": its header has a copyright notice without the Apache License 2.0: whose"
              + " file is it, under which licence?");
    }
    return problems;
  }

  private static List<String> listFiles(Path root) throws IOException, InterruptedException {
    if (Files.exists(root.resolve(".git"))) {
      Process git =
          new ProcessBuilder(
                  "git",
                  "-C",
                  root.toString(),
                  "ls-files",
                  "-z",
                  "--cached",
                  "--others",
                  "--exclude-standard")
              .redirectErrorStream(false)
              .start();
      git.getOutputStream().close();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (git.waitFor() != 0) {
        throw new IllegalStateException("git ls-files failed in " + root);
      }
      return Arrays.stream(out.split("\0")).filter(s -> !s.isEmpty()).sorted().toList();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(s -> !s.startsWith(".git/") && !s.contains("target/") && !s.startsWith("target"))
          .sorted()
          .toList();
    }
  }

  private static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, 8192);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private LicenseHeaderCheck() {}
}
