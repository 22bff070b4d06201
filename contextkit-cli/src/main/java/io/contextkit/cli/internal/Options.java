package io.contextkit.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parsed command line of one verb: {@code --name value} or {@code --name=value} options, {@code
 * --flag} switches, and positional arguments ({@code -} included, meaning standard input). {@code
 * --} ends the options. Anything else is a {@link UsageException} naming the argument and the
 * verb's {@code --help}.
 */
public final class Options {

  private final Map<String, List<String>> values;
  private final Set<String> flags;
  private final List<String> positional;

  private Options(Map<String, List<String>> values, Set<String> flags, List<String> positional) {
    this.values = values;
    this.flags = flags;
    this.positional = positional;
  }

  /**
   * Parses {@code args}.
   *
   * @param verb the verb, for messages
   * @param args the arguments after the verb
   * @param valued options that take a value, with their spelling ({@code --user}, {@code -H})
   * @param repeatable the valued options that may be given more than once
   * @param switches options without a value
   * @param positionalAllowed whether positional arguments are accepted
   */
  public static Options parse(
      String verb,
      List<String> args,
      Set<String> valued,
      Set<String> repeatable,
      Set<String> switches,
      boolean positionalAllowed)
      throws UsageException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    Set<String> flags = new java.util.LinkedHashSet<>();
    List<String> positional = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
        if (!positionalAllowed) {
          throw new UsageException("unexpected argument " + Escape.quoted(arg) + seeHelp(verb));
        }
        positional.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 2) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (switches.contains(name)) {
        if (value != null) {
          throw new UsageException(name + " takes no value" + seeHelp(verb));
        }
        flags.add(name);
        continue;
      }
      if (!valued.contains(name)) {
        throw new UsageException("unknown option " + Escape.quoted(name) + seeHelp(verb));
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(name + " needs a value" + seeHelp(verb));
        }
        value = args.get(++i);
      }
      List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>());
      if (!list.isEmpty() && !repeatable.contains(name)) {
        throw new UsageException(name + " is given twice" + seeHelp(verb));
      }
      list.add(value);
    }
    return new Options(values, flags, positional);
  }

  /** The value of a single-valued option, or {@code null} when absent. */
  public @Nullable String value(String name) {
    List<String> list = values.get(name);
    return list == null ? null : list.get(0);
  }

  /**
   * The value of a required option.
   *
   * @throws UsageException when absent
   */
  public String required(String verb, String name) throws UsageException {
    String value = value(name);
    if (value == null) {
      throw new UsageException(name + " is required" + seeHelp(verb));
    }
    return value;
  }

  /** Every value of a repeatable option, in command-line order. */
  public List<String> values(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** Whether a switch was given. */
  public boolean flag(String name) {
    return flags.contains(name);
  }

  /** The positional arguments, in order. */
  public List<String> positional() {
    return positional;
  }

  /** The hint every usage message ends with. */
  public static String seeHelp(String verb) {
    return " (see: contextkit " + verb + " --help)";
  }
}
