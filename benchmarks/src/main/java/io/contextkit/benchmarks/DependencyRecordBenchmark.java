package io.contextkit.benchmarks;

import io.contextkit.RequestContext;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import io.contextkit.dependencies.DependencyMap;
import io.contextkit.trust.InternalHosts;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the integrations add to every STANDARD hop to keep the runtime dependency map: find the
 * existing edge (HTTP by the request's {@link URI}, messaging by topic name), time the call with
 * two {@link System#nanoTime()} reads, and record it. The budget is 0 B/op: the edge exists after
 * the first request, so nothing may be allocated. The map holds 500 other edges, so the lookup is
 * not the only entry of its table.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DependencyRecordBenchmark {

  /** A map with the edge already recorded, as after the first request. */
  @State(Scope.Benchmark)
  public static class Edges {
    final DependencyMap map = DependencyMap.create();
    final InternalHosts internalHosts = InternalHosts.of("inventory", "*.svc.cluster.local");
    // A request's URI, parsed once by the client as it is for every request: the lookup reads its
    // host and port fields.
    final URI uri = URI.create("http://inventory:8081/stock/42?reserve=1");
    final String topic = "orders.created";
    // A cache name as Spring's and Quarkus' caches hold it: one String for the cache's lifetime.
    final String cache = "books";
    // The host and port a Vert.x WebClient request holds apart (no URI is built for the lookup).
    final String host = "inventory";
    final int port = 8081;

    @Setup
    public void setUp() {
      for (int i = 0; i < 500; i++) {
        map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, "topic-" + i)
            .record(1000, false, false);
      }
      map.http(uri, internalHosts).record(1000, false, false);
      map.edge(DependencyKind.CACHE, DependencyDirection.CALLED, cache).record(1000, false, false);
      map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, topic)
          .record(1000, false, false);
      if (map.size() != 503) {
        throw new IllegalStateException("expected 503 edges, found " + map.size());
      }
    }
  }

  /** An HTTP call: the RestClient interceptor's and WebClient filter's work per request. */
  @Benchmark
  public DependencyEdge httpExistingEdge_ours(Edges edges) {
    long start = System.nanoTime();
    DependencyEdge edge = edges.map.http(edges.uri, edges.internalHosts);
    edge.record(System.nanoTime() - start, false, RequestContext.current().isTrace());
    return edge;
  }

  /** A Kafka record sent: the producer interceptor's work per record. */
  @Benchmark
  public DependencyEdge topicExistingEdge_ours(Edges edges) {
    DependencyEdge edge =
        edges.map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, edges.topic);
    edge.record(-1, false, RequestContext.current().isTrace());
    return edge;
  }

  /**
   * A Vert.x WebClient hop on Quarkus: the edge found by the request's host and port (the same edge
   * as the URI's), timed, recorded.
   */
  @Benchmark
  public DependencyEdge hostPortExistingEdge_ours(Edges edges) {
    long start = System.nanoTime();
    DependencyEdge edge = edges.map.http(edges.host, edges.port, false, edges.internalHosts);
    edge.record(System.nanoTime() - start, false, RequestContext.current().isTrace());
    return edge;
  }

  /**
   * A cache operation (Spring's guarded cache, also a Rabbit publish or a mail send): the edge by
   * name, timed, recorded.
   */
  @Benchmark
  public DependencyEdge cacheOperation_ours(Edges edges) {
    long start = System.nanoTime();
    DependencyEdge edge =
        edges.map.edge(DependencyKind.CACHE, DependencyDirection.CALLED, edges.cache);
    edge.record(System.nanoTime() - start, false, RequestContext.current().isTrace());
    return edge;
  }
}
