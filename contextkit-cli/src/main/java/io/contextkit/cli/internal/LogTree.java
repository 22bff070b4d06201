package io.contextkit.cli.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Log lines of many services grouped into trees: trace ({@code trace_id}) → request ({@code
 * request_id}) → hop (one service's handling of the request, told apart by the hop's {@code
 * parent_id}) → lines. Lines are ordered by time (a line without a readable timestamp takes its
 * predecessor's from the same input), ties by reading order; traces, requests and hops by their
 * first line. The caller in a hop is not in the logs (a line carries its own hop's span id only),
 * so hops of a request are listed in time order rather than nested.
 */
public final class LogTree {

  /** One service's handling of a request. */
  public record Hop(String service, @Nullable String parentId, List<LogLine> lines) {}

  /** One request ({@code request_id}; {@code null} for lines without one) and its hops. */
  public record Request(@Nullable String requestId, List<Hop> hops) {

    /** The first value of a context field among the request's lines, or {@code null}. */
    public @Nullable String field(String name) {
      for (Hop hop : hops) {
        for (LogLine line : hop.lines()) {
          String value = line.context().get(name);
          if (value != null) {
            return value;
          }
        }
      }
      return null;
    }
  }

  /** One trace ({@code trace_id}; {@code null} for lines without one) and its requests. */
  public record Trace(@Nullable String traceId, List<Request> requests) {

    /** Every line of the trace, in tree order. */
    public List<LogLine> lines() {
      List<LogLine> lines = new ArrayList<>();
      for (Request request : requests) {
        for (Hop hop : request.hops()) {
          lines.addAll(hop.lines());
        }
      }
      return lines;
    }
  }

  private LogTree() {}

  /**
   * Groups {@code lines} (each with a trace id or a request id) into trees.
   *
   * @param lines in reading order
   */
  public static List<Trace> build(List<LogLine> lines) {
    List<LogLine> sorted = inTimeOrder(lines);
    Map<String, Map<String, Map<String, List<LogLine>>>> traces = new LinkedHashMap<>();
    for (LogLine line : sorted) {
      traces
          .computeIfAbsent(key(line.traceId()), k -> new LinkedHashMap<>())
          .computeIfAbsent(key(line.requestId()), k -> new LinkedHashMap<>())
          .computeIfAbsent(line.service() + "\u0000" + key(line.parentId()), k -> new ArrayList<>())
          .add(line);
    }
    List<Trace> result = new ArrayList<>();
    for (Map<String, Map<String, List<LogLine>>> requests : traces.values()) {
      List<Request> requestList = new ArrayList<>();
      String traceId = null;
      for (Map<String, List<LogLine>> hops : requests.values()) {
        List<Hop> hopList = new ArrayList<>();
        String requestId = null;
        for (List<LogLine> hopLines : hops.values()) {
          LogLine first = hopLines.get(0);
          traceId = first.traceId();
          requestId = first.requestId();
          hopList.add(new Hop(first.service(), first.parentId(), List.copyOf(hopLines)));
        }
        requestList.add(new Request(requestId, List.copyOf(hopList)));
      }
      result.add(new Trace(traceId, List.copyOf(requestList)));
    }
    return List.copyOf(result);
  }

  /**
   * The lines of {@code lines} a {@code --trace} / {@code --request} selection keeps: with a trace
   * id, that trace's lines; with a request id, the lines of every trace the request's lines carry,
   * plus the request's lines without a trace id — the whole story of the request, including other
   * requests it caused in the same trace (a message consumer with its own request id); with
   * neither, all of them.
   */
  public static List<LogLine> select(
      List<LogLine> lines, @Nullable String traceId, @Nullable String requestId) {
    java.util.Set<String> traces = new java.util.HashSet<>();
    if (traceId != null) {
      traces.add(traceId);
    }
    if (requestId != null) {
      for (LogLine line : lines) {
        if (requestId.equals(line.requestId()) && line.traceId() != null) {
          traces.add(line.traceId());
        }
      }
    }
    if (traceId == null && requestId == null) {
      return lines;
    }
    List<LogLine> selected = new ArrayList<>();
    for (LogLine line : lines) {
      if ((line.traceId() != null && traces.contains(line.traceId()))
          || (requestId != null && requestId.equals(line.requestId()))) {
        selected.add(line);
      }
    }
    return selected;
  }

  private static List<LogLine> inTimeOrder(List<LogLine> lines) {
    Map<String, Instant> lastTimeOfInput = new LinkedHashMap<>();
    List<Timed> timed = new ArrayList<>(lines.size());
    for (LogLine line : lines) {
      String input = inputName(line.input());
      Instant time = line.time();
      if (time == null) {
        time = lastTimeOfInput.getOrDefault(input, Instant.MIN);
      } else {
        lastTimeOfInput.put(input, time);
      }
      timed.add(new Timed(time, line));
    }
    timed.sort(Comparator.comparing(Timed::time).thenComparingLong(t -> t.line().sequence()));
    List<LogLine> sorted = new ArrayList<>(timed.size());
    for (Timed t : timed) {
      sorted.add(t.line());
    }
    return sorted;
  }

  private static String inputName(String input) {
    int colon = input.lastIndexOf(':');
    return colon < 0 ? input : input.substring(0, colon);
  }

  private static String key(@Nullable String id) {
    return Objects.requireNonNullElse(id, "");
  }

  private record Timed(Instant time, LogLine line) {}
}
