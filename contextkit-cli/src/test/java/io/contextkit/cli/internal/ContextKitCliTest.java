package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextKitCliTest {

  @TempDir Path dir;

  @Test
  void topLevelHelpListsTheVerbsAndTheExitCodes() {
    CliRun run = CliRun.run(dir, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: contextkit VERB [options]")
        .containsPattern("\n  headers +print signed context headers")
        .containsPattern("\n  verify +explain a signed header set")
        .containsPattern("\n  logs +group JSON logs")
        .contains(ExitCode.HELP_TEXT);
  }

  @Test
  void noArgumentsPrintsTheHelpAsAUsageError() {
    CliRun run = CliRun.run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out()).contains("Usage: contextkit VERB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"headers", "verify", "logs"})
  void everyVerbHasHelpWithItsUsageAndTheExitCodes(String verb) {
    CliRun help = CliRun.run(dir, verb, "--help");
    CliRun helpVerb = CliRun.run(dir, "help", verb);
    CliRun shortHelp = CliRun.run(dir, verb, "-h");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: contextkit " + verb).contains(ExitCode.HELP_TEXT);
    assertThat(helpVerb.out()).isEqualTo(help.out());
    assertThat(shortHelp.out()).isEqualTo(help.out());
  }

  @Test
  void anUnknownVerbIsAUsageErrorQuotedSafely() {
    CliRun run = CliRun.run(dir, "mpa\u001b[2J");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "contextkit: unknown verb 'mpa\\u001b[2J'; the verbs are headers, verify, logs, map"
                + " (see: contextkit --help)\n");
  }
}
