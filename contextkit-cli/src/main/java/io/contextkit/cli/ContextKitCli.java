package io.contextkit.cli;

import io.contextkit.cli.internal.Escape;
import io.contextkit.cli.internal.ExitCode;
import io.contextkit.cli.internal.Io;
import io.contextkit.cli.internal.UsageException;
import io.contextkit.cli.internal.Verb;
import io.contextkit.cli.internal.Verbs;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code contextkit} command: {@code contextkit VERB [options]}. Run it through the {@code
 * ./contextkit} launcher at the repository root, or {@code java -jar contextkit.jar}.
 *
 * <p>Every verb answers {@code --help}; the exit codes are those of {@link ExitCode}: 0 success, 1
 * the answer is no, 2 usage error, 3 I/O error, 4 a bug.
 */
public final class ContextKitCli {

  private ContextKitCli() {}

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    Io io =
        new Io(
            new FileInputStream(FileDescriptor.in),
            out,
            err,
            Path.of("").toAbsolutePath(),
            Clock.systemUTC());
    int code = run(Arrays.asList(args), io);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command without exiting: what {@link #main} does, for tests.
   *
   * @return the exit code
   */
  public static int run(List<String> args, Io io) {
    if (args.isEmpty() || isHelp(args.get(0))) {
      io.out().println(usage());
      io.out().flush();
      return args.isEmpty() ? ExitCode.USAGE : ExitCode.OK;
    }
    String name = args.get(0);
    List<String> rest = args.subList(1, args.size());
    if (name.equals("help") && !rest.isEmpty()) {
      name = rest.get(0);
      rest = List.of("--help");
    }
    Verb verb = find(name);
    if (verb == null) {
      io.err()
          .println(
              "contextkit: unknown verb "
                  + Escape.quoted(name)
                  + "; the verbs are "
                  + String.join(", ", names())
                  + " (see: contextkit --help)");
      return ExitCode.USAGE;
    }
    if (rest.stream().anyMatch(ContextKitCli::isHelp)) {
      io.out().println(verb.usage());
      io.out().println();
      io.out().println(ExitCode.HELP_TEXT);
      io.out().flush();
      return ExitCode.OK;
    }
    try {
      return verb.run(rest, io);
    } catch (UsageException e) {
      io.err().println("contextkit " + verb.name() + ": " + e.getMessage());
      return ExitCode.USAGE;
    } catch (IOException | UncheckedIOException e) {
      io.err()
          .println(
              "contextkit " + verb.name() + ": " + Escape.text(String.valueOf(e.getMessage())));
      return ExitCode.IO;
    } catch (RuntimeException e) {
      io.err()
          .println(
              "contextkit "
                  + verb.name()
                  + ": internal error, please report it: "
                  + Escape.text(String.valueOf(e)));
      return ExitCode.INTERNAL;
    } finally {
      io.out().flush();
      io.err().flush();
    }
  }

  /** The top-level {@code --help}. */
  static String usage() {
    StringBuilder text =
        new StringBuilder()
            .append("Usage: contextkit VERB [options]     (contextkit VERB --help for each)\n")
            .append("\n")
            .append("Verbs:\n");
    for (Verb verb : Verbs.all()) {
      text.append(String.format("  %-9s %s\n", verb.name(), verb.summary()));
    }
    return text.append("\n").append(ExitCode.HELP_TEXT).toString();
  }

  private static Verb find(String name) {
    for (Verb verb : Verbs.all()) {
      if (verb.name().equals(name)) {
        return verb;
      }
    }
    return null;
  }

  private static List<String> names() {
    return Verbs.all().stream().map(Verb::name).toList();
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }
}
