package io.contextkit.cli.internal;

import java.util.List;

/** The verbs of the {@code contextkit} command, in the order {@code --help} lists them. */
public final class Verbs {

  private Verbs() {}

  /** Every verb; a new one (such as {@code map}) is added here. */
  public static List<Verb> all() {
    return List.of(new HeadersVerb(), new VerifyVerb(), new LogsVerb(), new MapVerb());
  }
}
