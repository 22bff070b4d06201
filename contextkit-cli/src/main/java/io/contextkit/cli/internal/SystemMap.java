package io.contextkit.cli.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The system map: the dependency reports of several services (the JSON of the Spring {@code
 * contextkitdependencies} actuator endpoint or the Quarkus {@code /q/contextkit/dependencies}
 * endpoint) merged into one graph of nodes — services, Kafka topics, JMS destinations, AMQP 1.0
 * addresses, Rabbit exchanges, databases, mail servers, caches, third parties — and edges with
 * their counts.
 *
 * <p>Merging: two reports of the same service (two instances) add up. An internal-service edge to
 * {@code host:port} points at the service whose report was fetched from that {@code host:port} (or
 * named by an alias), else at a node of that name. Brokers' destinations are shared by every
 * service; data sources and caches belong to their service ({@code orders/dataSource}).
 */
public final class SystemMap {

  /** What a node is. */
  public enum NodeKind {
    SERVICE("service"),
    THIRD_PARTY("third party"),
    KAFKA_TOPIC("Kafka topic"),
    JMS_DESTINATION("JMS destination"),
    RABBIT_EXCHANGE("Rabbit exchange"),
    AMQP_ADDRESS("AMQP address"),
    DATASOURCE("database"),
    MAIL("mail"),
    CACHE("cache");

    private final String label;

    NodeKind(String label) {
      this.label = label;
    }

    /** How the legend names it. */
    public String label() {
      return label;
    }
  }

  /** A node: its stable id (also its sort key), what it is, and the label shown. */
  public record Node(String id, NodeKind kind, String label) {}

  /** A merged edge. */
  public static final class Edge {
    final Node from;
    final Node to;
    final String direction;
    long calls;
    long errors;
    long traceCalls;
    @Nullable Double p99Millis;
    double minutes;

    Edge(Node from, Node to, String direction) {
      this.from = from;
      this.to = to;
      this.direction = direction;
    }

    public Node from() {
      return from;
    }

    public Node to() {
      return to;
    }

    /** {@code CALLED}, {@code PRODUCED} or {@code CONSUMED}. */
    public String direction() {
      return direction;
    }

    public long calls() {
      return calls;
    }

    public long errors() {
      return errors;
    }

    public long traceCalls() {
      return traceCalls;
    }

    /** The highest p99 of the merged reports, or null when none was timed. */
    public @Nullable Double p99Millis() {
      return p99Millis;
    }

    /** Calls per minute since the edge was first seen (the longest window of the reports). */
    public double callsPerMinute() {
      return minutes <= 0 ? 0 : calls / minutes;
    }

    /** Errors as a fraction of calls. */
    public double errorRate() {
      return calls == 0 ? 0 : (double) errors / calls;
    }

    /** One line: {@code 12 calls, 3.0/min, 8.3% errors, p99 4.2 ms, 2 TRACE}. */
    public String summary() {
      StringBuilder text = new StringBuilder();
      text.append(calls).append(calls == 1 ? " call" : " calls");
      text.append(", ").append(String.format(java.util.Locale.ROOT, "%.1f/min", callsPerMinute()));
      text.append(", ")
          .append(String.format(java.util.Locale.ROOT, "%.1f%% errors", errorRate() * 100));
      if (p99Millis != null) {
        text.append(", p99 ").append(String.format(java.util.Locale.ROOT, "%.1f ms", p99Millis));
      }
      if (traceCalls > 0) {
        text.append(", ").append(traceCalls).append(" TRACE");
      }
      return text.toString();
    }
  }

  /** One report as read, with where it came from. */
  record Report(String source, @Nullable String authority, Map<String, Object> json) {}

  private final Map<String, Node> nodes = new TreeMap<>();
  private final Map<String, Edge> edges = new LinkedHashMap<>();
  private final List<String> services = new ArrayList<>();
  private long overflowCalls;

  private SystemMap() {}

  /**
   * Merges {@code reports}.
   *
   * @param aliases {@code host:port} → service name, for internal edges whose target was not
   *     fetched
   * @throws IllegalArgumentException naming the source when a report is not a dependency report
   */
  static SystemMap merge(List<Report> reports, Map<String, String> aliases) {
    SystemMap map = new SystemMap();
    Map<String, String> serviceAt = new LinkedHashMap<>(aliases);
    for (Report report : reports) {
      String service = string(report, report.json(), "service");
      if (report.authority() != null) {
        serviceAt.putIfAbsent(report.authority(), service);
      }
    }
    for (Report report : reports) {
      map.add(report, serviceAt);
    }
    return map;
  }

  private void add(Report report, Map<String, String> serviceAt) {
    Map<String, Object> json = report.json();
    String service = string(report, json, "service");
    if (!services.contains(service)) {
      services.add(service);
    }
    Node self = node("service:" + service, NodeKind.SERVICE, service);
    overflowCalls += number(report, json, "overflowCalls").longValue();
    Instant generated = instant(report, json, "generatedAt");
    Object list = json.get("edges");
    if (!(list instanceof List<?> edgeList)) {
      throw new IllegalArgumentException(report.source() + ": \"edges\" is not a list");
    }
    for (Object item : edgeList) {
      if (!(item instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(report.source() + ": an edge is not an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> edge = (Map<String, Object>) item;
      String kind = string(report, edge, "kind");
      String name = string(report, edge, "name");
      String direction = string(report, edge, "direction");
      Node target = target(service, kind, name, serviceAt);
      if (target == null) {
        continue; // a kind from a newer library: left out rather than guessed
      }
      boolean consumed = direction.equals("CONSUMED");
      Node from = consumed ? target : self;
      Node to = consumed ? self : target;
      Edge merged =
          edges.computeIfAbsent(
              from.id() + "\u0000" + to.id() + "\u0000" + direction,
              k -> new Edge(from, to, direction));
      merged.calls += number(report, edge, "calls").longValue();
      merged.errors += number(report, edge, "errors").longValue();
      merged.traceCalls += number(report, edge, "traceCalls").longValue();
      Object p99 = edge.get("latencyP99Millis");
      if (p99 instanceof BigDecimal value) {
        double millis = value.doubleValue();
        merged.p99Millis = merged.p99Millis == null ? millis : Math.max(merged.p99Millis, millis);
      }
      Instant first = instant(report, edge, "firstSeen");
      double minutes = Math.max(1000, Duration.between(first, generated).toMillis()) / 60_000.0;
      merged.minutes = Math.max(merged.minutes, minutes);
    }
  }

  private @Nullable Node target(
      String service, String kind, String name, Map<String, String> serviceAt) {
    switch (kind) {
      case "INTERNAL_SERVICE":
        String known = serviceAt.get(name);
        return known != null
            ? node("service:" + known, NodeKind.SERVICE, known)
            : node("service:" + name, NodeKind.SERVICE, name);
      case "THIRD_PARTY":
        return node("third:" + name, NodeKind.THIRD_PARTY, name);
      case "KAFKA_TOPIC":
        return node("kafka:" + name, NodeKind.KAFKA_TOPIC, name);
      case "JMS_DESTINATION":
        return node("jms:" + name, NodeKind.JMS_DESTINATION, name);
      case "RABBIT_EXCHANGE":
        return node("rabbit:" + name, NodeKind.RABBIT_EXCHANGE, name);
      case "AMQP_ADDRESS":
        return node("amqp:" + name, NodeKind.AMQP_ADDRESS, name);
      case "DATASOURCE":
        return node("db:" + service + "/" + name, NodeKind.DATASOURCE, service + "/" + name);
      case "MAIL":
        return node("mail:" + name, NodeKind.MAIL, name);
      case "CACHE":
        return node("cache:" + service + "/" + name, NodeKind.CACHE, service + "/" + name);
      default:
        return null;
    }
  }

  private Node node(String id, NodeKind kind, String label) {
    return nodes.computeIfAbsent(id, k -> new Node(id, kind, label));
  }

  /** Every node, ordered by id. */
  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Every edge, ordered by source, target and direction. */
  public List<Edge> edges() {
    List<Edge> list = new ArrayList<>(edges.values());
    list.sort(
        Comparator.comparing((Edge e) -> e.from.id())
            .thenComparing(e -> e.to.id())
            .thenComparing(e -> e.direction));
    return list;
  }

  /** The services that sent a report, in the order read. */
  public List<String> services() {
    return List.copyOf(services);
  }

  /** Calls the services could not record because their map was full. */
  public long overflowCalls() {
    return overflowCalls;
  }

  private static String string(Report report, Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (!(value instanceof String text) || text.isEmpty()) {
      throw new IllegalArgumentException(
          report.source() + ": \"" + key + "\" is missing or not a string");
    }
    return text;
  }

  private static BigDecimal number(Report report, Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (!(value instanceof BigDecimal number) || number.signum() < 0) {
      throw new IllegalArgumentException(
          report.source() + ": \"" + key + "\" is missing or not a count");
    }
    return number;
  }

  private static Instant instant(Report report, Map<String, Object> json, String key) {
    try {
      return Instant.parse(string(report, json, key));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          report.source() + ": \"" + key + "\" is not an ISO-8601 instant");
    }
  }
}
