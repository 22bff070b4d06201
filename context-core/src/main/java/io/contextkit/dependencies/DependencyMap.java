package io.contextkit.dependencies;

import io.contextkit.dependencies.internal.JsonWriter;
import io.contextkit.trust.InternalHosts;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The runtime dependency edges of one service, in bounded memory: at most {@link #maxEdges()}
 * edges; calls to targets beyond the cap are counted in {@link #overflowCalls()} and otherwise
 * dropped.
 *
 * <p>Looking up an existing edge allocates nothing: the table is a fixed-size open-addressing array
 * sized for the cap, read without locks and filled with compare-and-set, so integrations may look
 * up and {@linkplain DependencyEdge#record record} on every request. Edges are never removed.
 * Thread-safe.
 *
 * <pre>{@code
 * DependencyMap map = ContextKit.dependencies();
 * long start = System.nanoTime();
 * // ... send to the topic ...
 * map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, "orders")
 *     .record(System.nanoTime() - start, false, RequestContext.current().isTrace());
 * }</pre>
 */
public final class DependencyMap {

  /** The cap used when none is configured. */
  public static final int DEFAULT_MAX_EDGES = 1000;

  /** The largest cap accepted. */
  public static final int LIMIT_MAX_EDGES = 1 << 20;

  /** The format of {@link #report}: bumped when a field changes meaning or is removed. */
  public static final int FORMAT = 1;

  private static final int HTTP_GROUP = -2;

  private final int maxEdges;
  private final AtomicReferenceArray<DependencyEdge> table;
  private final int mask;
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong overflowCalls = new AtomicLong();
  private final DependencyEdge overflow = new DependencyEdge(this);

  private DependencyMap(int maxEdges) {
    this.maxEdges = maxEdges;
    int capacity = Integer.highestOneBit(Math.max(16, maxEdges * 2 - 1)) << 1;
    this.table = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
  }

  /**
   * A map holding at most {@code maxEdges} edges.
   *
   * @throws IllegalArgumentException unless {@code 1 <= maxEdges <= }{@value #LIMIT_MAX_EDGES}
   */
  public static DependencyMap create(int maxEdges) {
    if (maxEdges < 1 || maxEdges > LIMIT_MAX_EDGES) {
      throw new IllegalArgumentException(
          "maxEdges must be between 1 and " + LIMIT_MAX_EDGES + ", not " + maxEdges);
    }
    return new DependencyMap(maxEdges);
  }

  /** A map with the {@linkplain #DEFAULT_MAX_EDGES default cap}. */
  public static DependencyMap create() {
    return create(DEFAULT_MAX_EDGES);
  }

  /**
   * The edge to the HTTP server of {@code uri}: {@link DependencyKind#INTERNAL_SERVICE} when {@code
   * internalHosts} has the host (decided once, when the edge is created), else {@link
   * DependencyKind#THIRD_PARTY}; named {@code host:port}, or {@code host} without an explicit port.
   * Returns the overflow stand-in when the map is full.
   */
  public DependencyEdge http(URI uri, InternalHosts internalHosts) {
    String host = uri.getHost();
    if (host == null) {
      host = "(no host)";
    }
    int port = uri.getPort();
    DependencyEdge found = find(HTTP_GROUP, host, port);
    if (found != null) {
      return found;
    }
    return insertHttp(host, port, internalHosts.isInternal(uri));
  }

  /**
   * The edge to the HTTP server {@code host} on {@code port} ({@code -1} when the request names
   * none), for clients that hold the host and port apart and have no {@link URI} at hand: the same
   * edge {@link #http(URI, InternalHosts)} finds for a URI with that host and port. Classified by
   * {@code internalHosts} on the effective port (443 with {@code ssl}, else 80, when none is
   * given), once, when the edge is created.
   */
  public DependencyEdge http(
      @Nullable String host, int port, boolean ssl, InternalHosts internalHosts) {
    String name = host == null || host.isEmpty() ? "(no host)" : host;
    DependencyEdge found = find(HTTP_GROUP, name, port);
    if (found != null) {
      return found;
    }
    int effectivePort = port >= 0 ? port : ssl ? 443 : 80;
    return insertHttp(name, port, internalHosts.isInternal(host, effectivePort));
  }

  private DependencyEdge insertHttp(String host, int port, boolean internal) {
    DependencyKind kind = internal ? DependencyKind.INTERNAL_SERVICE : DependencyKind.THIRD_PARTY;
    String name = port < 0 ? host : host + ":" + port;
    return insert(kind, DependencyDirection.CALLED, name, HTTP_GROUP, host, port);
  }

  /**
   * The edge to {@code name} of {@code kind} in {@code direction}, created on first use. Returns
   * the overflow stand-in when the map is full. For HTTP targets use {@link #http}.
   */
  public DependencyEdge edge(DependencyKind kind, DependencyDirection direction, String name) {
    int group = kind.ordinal() * 4 + direction.ordinal();
    DependencyEdge found = find(group, name, -1);
    return found != null ? found : insert(kind, direction, name, group, name, -1);
  }

  private @Nullable DependencyEdge find(int group, String name, int port) {
    int i = index(group, name, port);
    for (int probes = 0; probes <= mask; probes++) {
      DependencyEdge edge = table.get(i);
      if (edge == null) {
        return null;
      }
      if (edge.matches(group, name, port)) {
        return edge;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private DependencyEdge insert(
      DependencyKind kind,
      DependencyDirection direction,
      String name,
      int group,
      String keyName,
      int port) {
    Objects.requireNonNull(name, "name");
    DependencyEdge created =
        new DependencyEdge(kind, direction, name, keyName, port, group, System.currentTimeMillis());
    int i = index(group, keyName, port);
    for (int probes = 0; probes <= mask; probes++) {
      DependencyEdge edge = table.get(i);
      if (edge == null) {
        if (size.incrementAndGet() > maxEdges) {
          size.decrementAndGet();
          return overflow;
        }
        if (table.compareAndSet(i, null, created)) {
          return created;
        }
        // Another thread took the slot: give the reservation back and look at what it put there.
        size.decrementAndGet();
        edge = table.get(i);
      }
      if (edge.matches(group, keyName, port)) {
        return edge;
      }
      i = (i + 1) & mask;
    }
    return overflow;
  }

  private int index(int group, String name, int port) {
    int h = (group * 31 + name.hashCode()) * 31 + port;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h & mask;
  }

  void countOverflow() {
    overflowCalls.incrementAndGet();
  }

  /** The cap on edges. */
  public int maxEdges() {
    return maxEdges;
  }

  /** How many edges are held. */
  public int size() {
    return Math.min(size.get(), maxEdges);
  }

  /** Calls, messages or transactions not recorded because their edge would exceed the cap. */
  public long overflowCalls() {
    return overflowCalls.get();
  }

  /** Every edge, ordered by kind, name and direction. */
  public List<DependencyEdge> edges() {
    List<DependencyEdge> list = new ArrayList<>(size());
    for (int i = 0; i < table.length(); i++) {
      DependencyEdge edge = table.get(i);
      if (edge != null) {
        list.add(edge);
      }
    }
    list.sort(
        Comparator.comparing(DependencyEdge::kind)
            .thenComparing(DependencyEdge::name)
            .thenComparing(DependencyEdge::direction));
    return list;
  }

  /**
   * The map as the JSON object both the Spring actuator endpoint ({@code contextkitdependencies})
   * and the Quarkus endpoint serve, as nested maps and lists (insertion-ordered):
   *
   * <pre>
   * {"format": 1, "service": "orders", "version": "1.2.0" | null, "generatedAt": ISO-8601,
   *  "maxEdges": 1000, "overflowCalls": 0,
   *  "edges": [{"kind": "KAFKA_TOPIC", "name": "orders", "direction": "PRODUCED",
   *             "calls": 12, "errors": 0, "traceCalls": 2, "syntheticCalls": 1,
   *             "latencyP50Millis": 1.5 | null, "latencyP99Millis": 4.2 | null,
   *             "firstSeen": ISO-8601, "lastSeen": ISO-8601}, ...]}
   * </pre>
   *
   * {@code calls} includes {@code traceCalls}, which includes {@code syntheticCalls}: TRACE calls
   * ContextKit answered itself (a synthetic HTTP response, a captured message or mail, a cache
   * write kept in the request's overlay), which never reached the target and have no latency
   * sample. The latencies are bucket upper bounds (at most 12.5 % above the true value) and {@code
   * null} when the integration cannot time the call.
   */
  public Map<String, @Nullable Object> report(String service, @Nullable String version) {
    Map<String, @Nullable Object> report = new LinkedHashMap<>();
    report.put("format", FORMAT);
    report.put("service", service);
    report.put("version", version);
    report.put("generatedAt", Instant.ofEpochMilli(System.currentTimeMillis()).toString());
    report.put("maxEdges", maxEdges);
    report.put("overflowCalls", overflowCalls());
    List<Map<String, @Nullable Object>> edges = new ArrayList<>();
    for (DependencyEdge edge : edges()) {
      Map<String, @Nullable Object> json = new LinkedHashMap<>();
      json.put("kind", edge.kind().name());
      json.put("name", edge.name());
      json.put("direction", edge.direction().name());
      json.put("calls", edge.calls());
      json.put("errors", edge.errors());
      json.put("traceCalls", edge.traceCalls());
      json.put("syntheticCalls", edge.syntheticCalls());
      json.put("latencyP50Millis", millis(edge.latencyMicros(0.5)));
      json.put("latencyP99Millis", millis(edge.latencyMicros(0.99)));
      json.put("firstSeen", Instant.ofEpochMilli(edge.firstSeenMillis()).toString());
      json.put("lastSeen", Instant.ofEpochMilli(edge.lastSeenMillis()).toString());
      edges.add(json);
    }
    report.put("edges", edges);
    return report;
  }

  /** {@link #report} as JSON text. */
  public String reportJson(String service, @Nullable String version) {
    return JsonWriter.write(report(service, version));
  }

  private static @Nullable Double millis(long micros) {
    return micros < 0 ? null : micros / 1000.0;
  }
}
