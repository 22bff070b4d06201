package io.contextkit.cli.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code contextkit logs}: reads JSON log lines of any number of services and prints them as trees
 * of trace → request → hop ({@link LogTree}); with {@code --follow}, as they are written.
 * Everything printed that came from a log line is escaped ({@link Escape}).
 */
public final class LogsVerb implements Verb {

  static final String NAME = "logs";

  /** Longest line read; longer lines are skipped and counted, never held in memory. */
  static final int MAX_LINE_BYTES = 1024 * 1024;

  /** How often a followed file is checked for new lines. */
  static final long POLL_MILLIS = 200;

  private static final Set<String> VALUED = Set.of("--request", "--trace");
  private static final Set<String> SWITCHES = Set.of("--follow", "-f");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "group JSON logs of many services by trace_id / request_id into trees of hops";
  }

  @Override
  public String usage() {
    return String.join(
        "\n",
        "Usage: contextkit logs [--request ID | --trace ID] [--follow] FILE... | -",
        "",
        "Reads JSON log lines (one object per line) of any number of services - Spring Boot",
        "(logstash-logback-encoder, Boot's structured logstash/ecs), Quarkus (context flat or",
        "in quarkus-logging-json's \"mdc\" object) - and prints them as trees:",
        "  trace <trace_id>               one distributed trace",
        "    request <request_id>  user_id=... request_type=...",
        "      hop <service> <parent_id>  one service handling the request",
        "        HH:mm:ss.SSS LEVEL [thread] Logger: message   (time in UTC)",
        "                     flags: feature flags in effect; suppressed: a TRACE report",
        "Lines are in time order; the service is the line's application_name / service.name,",
        "else the file name without extension. Lines that are not JSON objects are skipped and",
        "counted on standard error, as are JSON lines with neither trace_id nor request_id.",
        "",
        "Options:",
        "  --request ID   the story of one request: every trace its lines carry, with every",
        "                 request in them (a consumer of its message, a call back)",
        "  --trace ID     one trace",
        "  -f, --follow   keep reading as lines are appended (tail -f on files; standard input",
        "                 until it ends) and print each line as it arrives, under a trace/request",
        "                 heading whenever that changes; Ctrl-C stops",
        "  -              read standard input",
        "",
        "Examples:",
        "  contextkit logs orders.log inventory.log",
        "  contextkit logs --request 5fbe9dbf002a0ff586b0cfd51cbae47d orders.log inventory.log",
        "  kubectl logs -f deploy/orders | contextkit logs --follow -");
  }

  @Override
  public int run(List<String> args, Io io) throws UsageException, IOException {
    Options options = Options.parse(NAME, args, VALUED, Set.of(), SWITCHES, true);
    String traceId = options.value("--trace");
    String requestId = options.value("--request");
    if (traceId != null && requestId != null) {
      throw new UsageException("give --trace or --request, not both" + Options.seeHelp(NAME));
    }
    List<String> inputs = options.positional();
    if (inputs.isEmpty()) {
      throw new UsageException(
          "give one or more log files, or - for standard input" + Options.seeHelp(NAME));
    }
    if (inputs.stream().filter("-"::equals).count() > 1) {
      throw new UsageException("- (standard input) can be read once only");
    }
    for (String input : inputs) {
      if (!input.equals("-") && !Files.isRegularFile(io.resolve(input))) {
        throw new NoSuchFileException(
            Escape.text(input),
            null,
            Files.exists(io.resolve(input)) ? "not a file" : "no such file");
      }
    }
    Counts counts = new Counts();
    boolean follow = options.flag("--follow") || options.flag("-f");
    int code =
        follow
            ? follow(inputs, traceId, requestId, io, counts)
            : batch(inputs, traceId, requestId, io, counts);
    counts.report(io.err());
    if (code == ExitCode.FAILED) {
      io.err()
          .println(
              "contextkit logs: no log line "
                  + (traceId != null
                      ? "carries trace_id " + Escape.quoted(traceId)
                      : requestId != null
                          ? "carries request_id " + Escape.quoted(requestId)
                          : "carries a trace_id or request_id"));
    }
    return code;
  }

  private static int batch(
      List<String> inputs,
      @Nullable String traceId,
      @Nullable String requestId,
      Io io,
      Counts counts)
      throws IOException {
    List<LogLine> lines = new ArrayList<>();
    AtomicLong sequence = new AtomicLong();
    for (String input : inputs) {
      LineSplitter.Sink sink = sink(input, sequence, counts, lines::add);
      LineSplitter splitter = new LineSplitter(MAX_LINE_BYTES);
      try (InputStream in = open(input, io)) {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
          splitter.feed(buffer, n, sink);
        }
      }
      splitter.finish(sink);
    }
    List<LogTree.Trace> traces = LogTree.build(LogTree.select(lines, traceId, requestId));
    PrintStream out = io.out();
    for (int i = 0; i < traces.size(); i++) {
      if (i > 0) {
        out.println();
      }
      print(traces.get(i), out);
    }
    out.flush();
    return traces.isEmpty() ? ExitCode.FAILED : ExitCode.OK;
  }

  /** Prints one trace as a tree. */
  static void print(LogTree.Trace trace, PrintStream out) {
    List<LogLine> lines = trace.lines();
    Set<String> services = new java.util.LinkedHashSet<>();
    Instant first = null;
    Instant last = null;
    for (LogLine line : lines) {
      services.add(line.service());
      if (line.time() != null) {
        first = first == null || line.time().isBefore(first) ? line.time() : first;
        last = last == null || line.time().isAfter(last) ? line.time() : last;
      }
    }
    out.println(
        "trace "
            + id(trace.traceId())
            + "  ("
            + count(services.size(), "service")
            + ", "
            + count(trace.requests().size(), "request")
            + ", "
            + count(lines.size(), "line")
            + (first == null ? "" : ", " + first + " .. " + TIME.format(last))
            + ")");
    for (LogTree.Request request : trace.requests()) {
      StringBuilder heading = new StringBuilder("  request ").append(id(request.requestId()));
      for (String field : LogLine.CONTEXT_FIELDS) {
        String value = request.field(field);
        if (value != null && !field.equals("feature_flags")) {
          heading.append("  ").append(field).append('=').append(Escape.text(value));
        }
      }
      out.println(heading);
      for (LogTree.Hop hop : request.hops()) {
        out.println(
            "    hop "
                + Escape.text(hop.service())
                + (hop.parentId() == null ? "" : " " + Escape.text(hop.parentId())));
        for (LogLine line : hop.lines()) {
          printLine(line, "      ", out);
        }
      }
    }
  }

  /** One line: time, level, thread, logger, message; then flags, effects and error, indented. */
  static void printLine(LogLine line, String indent, PrintStream out) {
    String time =
        line.time() != null
            ? TIME.format(line.time())
            : line.rawTime().isEmpty() ? "--:--:--.---" : Escape.text(line.rawTime());
    StringBuilder text =
        new StringBuilder(indent)
            .append(time)
            .append(' ')
            .append(String.format("%-5s", Escape.text(line.level())));
    if (!line.thread().isEmpty()) {
      text.append(" [").append(Escape.text(line.thread())).append(']');
    }
    if (!line.logger().isEmpty()) {
      text.append(' ').append(Escape.text(line.shortLogger())).append(':');
    }
    text.append(' ').append(Escape.text(line.message()));
    out.println(text);
    String more = indent + " ".repeat(13);
    String flags = line.context().get("feature_flags");
    if (flags != null) {
      out.println(more + "flags: " + Escape.text(flags));
    }
    if (line.effects() != null) {
      out.println(more + "suppressed: " + Escape.text(line.effects()));
    }
    if (line.error() != null) {
      out.println(more + "error: " + Escape.text(line.error()));
    }
  }

  private int follow(
      List<String> inputs,
      @Nullable String traceId,
      @Nullable String requestId,
      Io io,
      Counts counts)
      throws IOException {
    FollowPrinter printer = new FollowPrinter(traceId, requestId, io.out());
    AtomicLong sequence = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    List<IOException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reporter = new Thread(() -> counts.report(io.err()), "contextkit-logs-report");
    Runtime.getRuntime().addShutdownHook(reporter);
    for (String input : inputs) {
      InputStream in = open(input, io);
      LineSplitter.Sink sink = sink(input, sequence, counts, printer::accept);
      Thread reader =
          new Thread(
              () -> {
                try (in) {
                  tail(input, in, sink, io.err());
                } catch (IOException e) {
                  failures.add(e);
                }
              },
              "contextkit-logs-" + input);
      reader.setDaemon(true);
      reader.start();
      readers.add(reader);
    }
    try {
      for (Thread reader : readers) {
        reader.join();
      }
    } catch (InterruptedException e) {
      for (Thread reader : readers) {
        reader.interrupt();
      }
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(reporter);
      } catch (IllegalStateException shuttingDown) {
        // the hook reports
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return printer.printed() ? ExitCode.OK : ExitCode.FAILED;
  }

  /**
   * Reads {@code in} to its end; a regular file is then polled for appended lines until the thread
   * is interrupted, and read again from its start when it shrinks (truncated, as by logrotate's
   * copytruncate).
   */
  private static void tail(String input, InputStream in, LineSplitter.Sink sink, PrintStream err)
      throws IOException {
    LineSplitter splitter = new LineSplitter(MAX_LINE_BYTES);
    FileChannel channel =
        in instanceof FileInputStream file && !input.equals("-") ? file.getChannel() : null;
    byte[] buffer = new byte[64 * 1024];
    while (!Thread.currentThread().isInterrupted()) {
      int n = in.read(buffer);
      if (n > 0) {
        splitter.feed(buffer, n, sink);
        continue;
      }
      if (n == 0) {
        continue;
      }
      if (channel == null) {
        splitter.finish(sink);
        return;
      }
      if (channel.size() < channel.position()) {
        err.println(
            "contextkit logs: " + Escape.text(input) + " was truncated; reading it from the start");
        channel.position(0);
        splitter.reset();
        continue;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static InputStream open(String input, Io io) throws IOException {
    if (input.equals("-")) {
      return new java.io.FilterInputStream(io.in()) {
        @Override
        public void close() {
          // standard input belongs to the caller
        }
      };
    }
    return new FileInputStream(io.resolve(input).toFile());
  }

  private static LineSplitter.Sink sink(
      String input, AtomicLong sequence, Counts counts, java.util.function.Consumer<LogLine> next) {
    String service = serviceOf(input);
    return new LineSplitter.Sink() {
      private long number;

      @Override
      public void line(String text) {
        number++;
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
          return;
        }
        Map<String, Object> json = null;
        if (trimmed.startsWith("{")) {
          try {
            json = Json.parseObject(trimmed);
          } catch (Json.JsonException e) {
            json = null;
          }
        }
        if (json == null) {
          counts.notJson.incrementAndGet();
          return;
        }
        LogLine line = LogLine.of(json, service, input + ":" + number, sequence.incrementAndGet());
        if (line.traceId() == null && line.requestId() == null) {
          counts.withoutIds.incrementAndGet();
          return;
        }
        next.accept(line);
      }

      @Override
      public void tooLong() {
        number++;
        counts.notJson.incrementAndGet();
        counts.tooLong.incrementAndGet();
      }
    };
  }

  /** The service name of lines that do not carry one: the file name without its extension. */
  static String serviceOf(String input) {
    if (input.equals("-")) {
      return "stdin";
    }
    String name = Path.of(input).getFileName().toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String id(@Nullable String id) {
    return id == null ? "(none)" : Escape.text(id);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** What was skipped, reported on standard error at the end. */
  static final class Counts {
    final AtomicLong notJson = new AtomicLong();
    final AtomicLong tooLong = new AtomicLong();
    final AtomicLong withoutIds = new AtomicLong();

    void report(PrintStream err) {
      if (notJson.get() > 0) {
        err.println(
            "contextkit logs: skipped "
                + count((int) Math.min(Integer.MAX_VALUE, notJson.get()), "line")
                + " that "
                + (notJson.get() == 1 ? "is" : "are")
                + " not a JSON object"
                + (tooLong.get() > 0 ? " (" + tooLong.get() + " longer than 1 MiB)" : ""));
      }
      if (withoutIds.get() > 0) {
        err.println(
            "contextkit logs: "
                + count((int) Math.min(Integer.MAX_VALUE, withoutIds.get()), "JSON line")
                + " without trace_id or request_id (startup, background work) not shown");
      }
      err.flush();
    }
  }

  /** Prints lines as they arrive, with a heading whenever the trace or the request changes. */
  private static final class FollowPrinter {
    private final @Nullable String traceId;
    private final @Nullable String requestId;
    private final PrintStream out;
    private final Set<String> tracesOfRequest = new HashSet<>();
    private String lastHeading = "";
    private boolean printed;

    FollowPrinter(@Nullable String traceId, @Nullable String requestId, PrintStream out) {
      this.traceId = traceId;
      this.requestId = requestId;
      this.out = out;
    }

    synchronized void accept(LogLine line) {
      if (traceId != null && !traceId.equals(line.traceId())) {
        return;
      }
      if (requestId != null) {
        if (requestId.equals(line.requestId())) {
          if (line.traceId() != null) {
            tracesOfRequest.add(line.traceId());
          }
        } else if (line.traceId() == null || !tracesOfRequest.contains(line.traceId())) {
          return;
        }
      }
      StringBuilder heading =
          new StringBuilder("trace ")
              .append(id(line.traceId()))
              .append("  request ")
              .append(id(line.requestId()));
      for (String field : LogLine.CONTEXT_FIELDS) {
        String value = line.context().get(field);
        if (value != null && !field.equals("feature_flags")) {
          heading.append("  ").append(field).append('=').append(Escape.text(value));
        }
      }
      if (!heading.toString().equals(lastHeading)) {
        out.println(heading);
        lastHeading = heading.toString();
      }
      printLine(
          line,
          "  "
              + Escape.text(line.service())
              + (line.parentId() == null ? "" : " " + Escape.text(line.parentId()))
              + "  ",
          out);
      out.flush();
      printed = true;
    }

    synchronized boolean printed() {
      return printed;
    }
  }
}
