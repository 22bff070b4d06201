import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged ContextKit release (the directory release/stage.sh deploys into) before anyone
 * uploads it: run as {@code java release/StagedRepositoryCheck.java --staging DIR [--bundle ZIP]
 * [--signed]}.
 *
 * <p>What must be published is read from the staged {@code context-bom}: every {@code
 * io.contextkit} artifact it manages, and the BOM itself. A module that is published but missing
 * from the BOM, or listed in the BOM but not published, fails the check, as do: a missing POM, jar,
 * sources or javadoc jar; a checksum that does not match; with {@code --signed} (or when any
 * signature is present), a missing signature or one gpg does not verify; a POM without what Maven
 * Central requires (name, description, url, licence, developers, scm, issue management), with a
 * parent (parents are not published), with an unresolved {@code ${...}}, with a dependency without
 * a version or on a SNAPSHOT, or on an {@code io.contextkit} artifact that is not part of this
 * release. With {@code --bundle}, the zip must hold exactly the staged files, maven-metadata
 * excepted.
 *
 * <p>Prints every problem found, then one summary line; exits 1 when there is any problem, 2 on bad
 * arguments.
 */
public final class StagedRepositoryCheck {

  private static final String GROUP = "io.contextkit";
  private static final String GROUP_PATH = "io/contextkit";
  private static final String BOM = "context-bom";
  private static final List<String> CHECKSUMS = List.of("md5", "sha1");
  private static final Set<String> OPTIONAL_CHECKSUMS = Set.of("sha256", "sha512");
  private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{[^}]*}");

  private final Path staging;
  private final boolean signedRequired;
  private final Set<String> problems = new java.util.LinkedHashSet<>();
  private int filesChecked;

  private StagedRepositoryCheck(Path staging, boolean signedRequired) {
    this.staging = staging;
    this.signedRequired = signedRequired;
  }

  public static void main(String[] args) throws Exception {
    Path staging = null;
    Path bundle = null;
    boolean signed = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--staging" -> staging = Path.of(args[++i]);
        case "--bundle" -> bundle = Path.of(args[++i]);
        case "--signed" -> signed = true;
        default -> {
          System.err.println("unknown argument: " + args[i]);
          System.err.println(
              "usage: java release/StagedRepositoryCheck.java --staging DIR [--bundle ZIP]"
                  + " [--signed]");
          System.exit(2);
        }
      }
    }
    if (staging == null || !Files.isDirectory(staging)) {
      System.err.println("--staging must name the staged repository directory, got: " + staging);
      System.exit(2);
    }
    StagedRepositoryCheck check = new StagedRepositoryCheck(staging, signed);
    String summary = check.run(bundle);
    for (String problem : check.problems) {
      System.out.println("FAIL " + problem);
    }
    if (check.problems.isEmpty()) {
      System.out.println("staged release OK: " + summary);
    } else {
      System.out.println(
          "staged release NOT OK: " + check.problems.size() + " problem(s); " + summary);
      System.exit(1);
    }
  }

  private String run(Path bundle) throws Exception {
    Path groupDir = staging.resolve(GROUP_PATH);
    try (Stream<Path> top = Files.list(staging)) {
      top.filter(p -> !p.getFileName().toString().equals("io"))
          .forEach(
              p -> problem("unexpected entry outside io/contextkit: " + staging.relativize(p)));
    }
    try (Stream<Path> io =
        Files.isDirectory(staging.resolve("io"))
            ? Files.list(staging.resolve("io"))
            : Stream.empty()) {
      io.filter(p -> !p.getFileName().toString().equals("contextkit"))
          .forEach(
              p -> problem("unexpected group outside io.contextkit: " + staging.relativize(p)));
    }
    Path bomDir = groupDir.resolve(BOM);
    List<String> bomVersions = versionDirs(bomDir);
    if (bomVersions.size() != 1) {
      problem(
          "expected exactly one version of "
              + GROUP
              + ":"
              + BOM
              + " in the staging directory, found "
              + bomVersions
              + ": the BOM says what a release contains");
      return "nothing checked";
    }
    String version = bomVersions.get(0);
    if (version.endsWith("-SNAPSHOT")) {
      problem(
          "the staged version " + version + " is a SNAPSHOT, which Maven Central does not accept");
    }
    Path bomPom = bomDir.resolve(version).resolve(BOM + "-" + version + ".pom");
    if (!Files.isRegularFile(bomPom)) {
      problem("the BOM's POM is missing: " + staging.relativize(bomPom));
      return "nothing checked";
    }

    // What the release must contain: the BOM and every io.contextkit artifact it manages.
    Set<String> expected = new TreeSet<>();
    expected.add(BOM);
    Document bomDoc = parse(bomPom);
    for (Element dep :
        children(
            child(child(bomDoc.getDocumentElement(), "dependencyManagement"), "dependencies"),
            "dependency")) {
      String groupId = text(dep, "groupId");
      String artifactId = text(dep, "artifactId");
      String depVersion = text(dep, "version");
      if (GROUP.equals(groupId)) {
        expected.add(artifactId);
        if (!version.equals(depVersion)) {
          problem(
              BOM
                  + " manages "
                  + GROUP
                  + ":"
                  + artifactId
                  + " at "
                  + depVersion
                  + ", not at the release's "
                  + version);
        }
      }
    }

    Set<String> staged = new TreeSet<>();
    try (Stream<Path> artifacts = Files.list(groupDir)) {
      artifacts.filter(Files::isDirectory).forEach(p -> staged.add(p.getFileName().toString()));
    }
    for (String artifactId : staged) {
      if (!expected.contains(artifactId)) {
        problem(
            GROUP
                + ":"
                + artifactId
                + " is published but "
                + BOM
                + " does not list it: add it to"
                + " context-bom/pom.xml, or set <maven.deploy.skip>true</maven.deploy.skip> in its"
                + " pom.xml if it is not meant to be published");
      }
    }
    for (String artifactId : expected) {
      if (!staged.contains(artifactId)) {
        problem(
            BOM
                + " lists "
                + GROUP
                + ":"
                + artifactId
                + " but the release does not contain it (is"
                + " maven.deploy.skip set in its pom.xml, or the module missing from the build?)");
      }
    }

    Map<String, Document> poms = new TreeMap<>();
    for (String artifactId : staged) {
      List<String> versions = versionDirs(groupDir.resolve(artifactId));
      if (!versions.equals(List.of(version))) {
        problem(
            GROUP
                + ":"
                + artifactId
                + " is staged in version(s) "
                + versions
                + ", expected only "
                + version);
      }
      if (!versions.contains(version)) {
        continue;
      }
      Document pom = checkArtifact(artifactId, version, expected);
      if (pom != null) {
        poms.put(artifactId, pom);
      }
    }
    if (bundle != null) {
      checkBundle(bundle);
    }
    return expected.size()
        + " artifacts expected from "
        + BOM
        + " "
        + version
        + ", "
        + staged.size()
        + " staged, "
        + filesChecked
        + " files checked"
        + (signedRequired ? ", signatures checked with gpg" : ", unsigned");
  }

  private Document checkArtifact(String artifactId, String version, Set<String> published)
      throws Exception {
    String coordinates = GROUP + ":" + artifactId + ":" + version;
    Path dir = staging.resolve(GROUP_PATH).resolve(artifactId).resolve(version);
    String base = artifactId + "-" + version;
    Path pomFile = dir.resolve(base + ".pom");
    if (!Files.isRegularFile(pomFile)) {
      problem(coordinates + ": no POM");
      return null;
    }
    String pomText = Files.readString(pomFile);
    Document pom = parse(pomFile);
    Element project = pom.getDocumentElement();
    String packaging = text(project, "packaging");
    if (packaging == null) {
      packaging = "jar";
    }

    List<String> primary = new ArrayList<>();
    primary.add(base + ".pom");
    if (!packaging.equals("pom")) {
      primary.add(base + "." + packaging);
      primary.add(base + "-sources.jar");
      primary.add(base + "-javadoc.jar");
    }
    boolean anySignature;
    try (Stream<Path> files = Files.list(dir)) {
      anySignature = files.anyMatch(p -> p.getFileName().toString().endsWith(".asc"));
    }
    boolean signatures = signedRequired || anySignature;
    Set<String> allowed = new TreeSet<>();
    for (String file : primary) {
      Path path = dir.resolve(file);
      allowed.add(file);
      if (!Files.isRegularFile(path)) {
        problem(coordinates + ": " + file + " is missing");
        continue;
      }
      filesChecked++;
      checkChecksums(coordinates, path, allowed);
      if (signatures) {
        allowed.add(file + ".asc");
        checkSignature(coordinates, path);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(name -> !allowed.contains(name))
          .filter(name -> !name.startsWith("maven-metadata"))
          .filter(name -> !name.endsWith(".lastUpdated") && !name.equals("_remote.repositories"))
          .sorted()
          .forEach(name -> problem(coordinates + ": unexpected file " + name));
    }

    if (!packaging.equals("pom")) {
      checkJarContents(
          coordinates, dir.resolve(base + "." + packaging), ".class", "META-INF/LICENSE");
      checkJarContents(coordinates, dir.resolve(base + "-sources.jar"), ".java", null);
      checkJarContents(coordinates, dir.resolve(base + "-javadoc.jar"), "index.html", null);
    }
    checkPom(coordinates, artifactId, version, project, pomText, published);
    return pom;
  }

  private void checkPom(
      String coordinates,
      String artifactId,
      String version,
      Element project,
      String pomText,
      Set<String> published) {
    Matcher unresolved = UNRESOLVED.matcher(pomText);
    while (unresolved.find()) {
      problem(coordinates + ": the POM holds an unresolved " + unresolved.group());
    }
    if (child(project, "parent") != null) {
      problem(
          coordinates
              + ": the POM has a parent, which is not published (the release profile flattens every"
              + " POM)");
    }
    expectText(coordinates, project, "groupId", GROUP);
    expectText(coordinates, project, "artifactId", artifactId);
    expectText(coordinates, project, "version", version);
    for (String element : List.of("name", "description", "url")) {
      if (isBlank(text(project, element))) {
        problem(coordinates + ": the POM has no <" + element + ">");
      }
    }
    List<Element> licenses = children(child(project, "licenses"), "license");
    if (licenses.isEmpty()) {
      problem(coordinates + ": the POM has no <licenses>");
    }
    for (Element license : licenses) {
      String name = text(license, "name");
      String url = text(license, "url");
      if (isBlank(name) || isBlank(url)) {
        problem(coordinates + ": a <license> needs a name and a url");
      } else if (!(name.equals("Apache-2.0") || name.contains("Apache License"))
          || !url.contains("apache.org/licenses/LICENSE-2.0")) {
        problem(coordinates + ": the licence is not Apache-2.0: " + name + " " + url);
      }
    }
    List<Element> developers = children(child(project, "developers"), "developer");
    if (developers.isEmpty()) {
      problem(coordinates + ": the POM has no <developers>");
    }
    for (Element developer : developers) {
      if (isBlank(text(developer, "name")) && isBlank(text(developer, "id"))) {
        problem(coordinates + ": a <developer> needs a name or an id");
      }
    }
    Element scm = child(project, "scm");
    if (scm == null || isBlank(text(scm, "url")) || isBlank(text(scm, "connection"))) {
      problem(coordinates + ": the POM needs <scm> with <url> and <connection>");
    }
    Element issues = child(project, "issueManagement");
    if (issues == null || isBlank(text(issues, "url"))) {
      problem(coordinates + ": the POM needs <issueManagement> with a <url>");
    }

    List<Element> dependencies =
        new ArrayList<>(children(child(project, "dependencies"), "dependency"));
    dependencies.addAll(
        children(child(child(project, "dependencyManagement"), "dependencies"), "dependency"));
    for (Element dep : dependencies) {
      String id = text(dep, "groupId") + ":" + text(dep, "artifactId");
      String depVersion = text(dep, "version");
      String scope = text(dep, "scope");
      if (isBlank(depVersion)) {
        problem(coordinates + ": the dependency on " + id + " has no version");
        continue;
      }
      if (depVersion.contains("SNAPSHOT")) {
        problem(coordinates + ": depends on a SNAPSHOT: " + id + ":" + depVersion);
      }
      if (GROUP.equals(text(dep, "groupId")) && !"test".equals(scope)) {
        if (!published.contains(text(dep, "artifactId"))) {
          problem(coordinates + ": depends on " + id + ", which this release does not publish");
        } else if (!version.equals(depVersion)) {
          problem(
              coordinates
                  + ": depends on "
                  + id
                  + ":"
                  + depVersion
                  + ", not on the release's "
                  + version);
        }
      }
    }
  }

  private void checkChecksums(String coordinates, Path file, Set<String> allowed)
      throws IOException {
    byte[] content = Files.readAllBytes(file);
    for (String algorithm : CHECKSUMS) {
      Path sum = file.resolveSibling(file.getFileName() + "." + algorithm);
      allowed.add(sum.getFileName().toString());
      if (!Files.isRegularFile(sum)) {
        problem(coordinates + ": " + sum.getFileName() + " is missing");
        continue;
      }
      String recorded = Files.readString(sum).trim().split("\\s+")[0].toLowerCase();
      String actual = digest(algorithm, content);
      if (!recorded.equals(actual)) {
        problem(
            coordinates
                + ": "
                + sum.getFileName()
                + " does not match the file ("
                + recorded
                + " != "
                + actual
                + ")");
      }
    }
    for (String algorithm : OPTIONAL_CHECKSUMS) {
      Path sum = file.resolveSibling(file.getFileName() + "." + algorithm);
      if (Files.isRegularFile(sum)) {
        allowed.add(sum.getFileName().toString());
        if (!Files.readString(sum)
            .trim()
            .split("\\s+")[0]
            .equalsIgnoreCase(digest(algorithm, content))) {
          problem(coordinates + ": " + sum.getFileName() + " does not match the file");
        }
      }
    }
  }

  private void checkSignature(String coordinates, Path file)
      throws IOException, InterruptedException {
    Path signature = file.resolveSibling(file.getFileName() + ".asc");
    if (!Files.isRegularFile(signature)) {
      problem(coordinates + ": " + signature.getFileName() + " is missing (the release is signed)");
      return;
    }
    Process gpg =
        new ProcessBuilder("gpg", "--batch", "--verify", signature.toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    gpg.getOutputStream().close();
    String output = new String(gpg.getInputStream().readAllBytes());
    if (gpg.waitFor() != 0) {
      problem(
          coordinates
              + ": gpg does not verify "
              + signature.getFileName()
              + ": "
              + output.strip().replace('\n', ' '));
    }
  }

  private void checkJarContents(String coordinates, Path jar, String suffix, String requiredEntry)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      return;
    }
    boolean found = false;
    boolean required = requiredEntry == null;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        found |= entry.getName().endsWith(suffix);
        required |= entry.getName().equals(requiredEntry);
      }
    } catch (IOException e) {
      problem(coordinates + ": " + jar.getFileName() + " is not a readable jar: " + e.getMessage());
      return;
    }
    if (!found) {
      problem(coordinates + ": " + jar.getFileName() + " has no " + suffix + " entry");
    }
    if (!required) {
      problem(coordinates + ": " + jar.getFileName() + " has no " + requiredEntry);
    }
  }

  private void checkBundle(Path bundle) throws IOException {
    if (!Files.isRegularFile(bundle)) {
      problem("the bundle " + bundle + " is missing");
      return;
    }
    Set<String> inDirectory = new TreeSet<>();
    try (Stream<Path> files = Files.walk(staging)) {
      files
          .filter(Files::isRegularFile)
          .map(p -> staging.relativize(p).toString().replace('\\', '/'))
          .filter(name -> !name.substring(name.lastIndexOf('/') + 1).startsWith("maven-metadata"))
          .forEach(inDirectory::add);
    }
    Set<String> inBundle = new TreeSet<>();
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        if (!entry.isDirectory()) {
          inBundle.add(entry.getName());
          if (Files.isRegularFile(staging.resolve(entry.getName()))) {
            try (InputStream in = zip.getInputStream(entry)) {
              if (!java.util.Arrays.equals(
                  in.readAllBytes(), Files.readAllBytes(staging.resolve(entry.getName())))) {
                problem("the bundle's " + entry.getName() + " differs from the staged file");
              }
            }
          }
        }
      }
    }
    for (String name : inDirectory) {
      if (!inBundle.contains(name)) {
        problem("the bundle lacks " + name);
      }
    }
    for (String name : inBundle) {
      if (!inDirectory.contains(name)) {
        problem("the bundle holds " + name + ", which is not staged");
      }
    }
  }

  private static List<String> versionDirs(Path artifactDir) throws IOException {
    if (!Files.isDirectory(artifactDir)) {
      return List.of();
    }
    try (Stream<Path> versions = Files.list(artifactDir)) {
      return versions
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  private void expectText(String coordinates, Element project, String element, String expected) {
    String actual = text(project, element);
    if (!expected.equals(actual)) {
      problem(coordinates + ": <" + element + "> is " + actual + ", expected " + expected);
    }
  }

  private void problem(String message) {
    problems.add(message);
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile());
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> result = new ArrayList<>();
    if (parent == null) {
      return result;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        result.add(element);
      }
    }
    return result;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String digest(String algorithm, byte[] content) {
    String name =
        switch (algorithm) {
          case "md5" -> "MD5";
          case "sha1" -> "SHA-1";
          case "sha256" -> "SHA-256";
          case "sha512" -> "SHA-512";
          default -> throw new IllegalArgumentException(algorithm);
        };
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
