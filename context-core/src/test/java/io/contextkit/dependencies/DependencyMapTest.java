package io.contextkit.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.trust.InternalHosts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DependencyMapTest {

  private static final InternalHosts INTERNAL = InternalHosts.of("inventory", "*.svc.local");

  @Test
  void classifiesHttpHostsByTheInternalHostsAndNamesThemWithTheirPort() {
    DependencyMap map = DependencyMap.create();
    DependencyEdge inventory = map.http(URI.create("http://inventory:8081/stock"), INTERNAL);
    DependencyEdge payments = map.http(URI.create("https://api.payments.example/charge"), INTERNAL);

    assertThat(inventory.kind()).isEqualTo(DependencyKind.INTERNAL_SERVICE);
    assertThat(inventory.name()).isEqualTo("inventory:8081");
    assertThat(inventory.direction()).isEqualTo(DependencyDirection.CALLED);
    assertThat(payments.kind()).isEqualTo(DependencyKind.THIRD_PARTY);
    assertThat(payments.name()).isEqualTo("api.payments.example");
  }

  @Test
  void aHostAndPortFindTheEdgeOfTheUriWithThatHostAndPortAndAreClassifiedAlike() {
    DependencyMap map = DependencyMap.create();
    DependencyEdge byUri = map.http(URI.create("http://inventory:8081/stock"), INTERNAL);

    assertThat(map.http("inventory", 8081, false, INTERNAL)).isSameAs(byUri);
    DependencyEdge third = map.http("api.payments.example", 443, true, INTERNAL);
    assertThat(third.kind()).isEqualTo(DependencyKind.THIRD_PARTY);
    assertThat(third.name()).isEqualTo("api.payments.example:443");
    DependencyEdge internalNoPort = map.http("orders.svc.local", -1, false, INTERNAL);
    assertThat(internalNoPort.kind()).isEqualTo(DependencyKind.INTERNAL_SERVICE);
    assertThat(internalNoPort.name()).isEqualTo("orders.svc.local");
    assertThat(map.http(null, -1, false, INTERNAL).name()).isEqualTo("(no host)");
  }

  @Test
  void findsTheSameEdgeForTheSameTargetAndSeparateEdgesPerPortKindAndDirection() {
    DependencyMap map = DependencyMap.create();
    DependencyEdge first = map.http(URI.create("http://inventory:8081/a"), INTERNAL);
    assertThat(map.http(URI.create("http://inventory:8081/b?x=1"), INTERNAL)).isSameAs(first);
    assertThat(map.http(URI.create("http://inventory:8082/a"), INTERNAL)).isNotSameAs(first);

    DependencyEdge produced =
        map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, "orders");
    assertThat(map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, "orders"))
        .isSameAs(produced);
    assertThat(map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.CONSUMED, "orders"))
        .isNotSameAs(produced);
    assertThat(map.edge(DependencyKind.JMS_DESTINATION, DependencyDirection.PRODUCED, "orders"))
        .isNotSameAs(produced);
    assertThat(map.size()).isEqualTo(5);
  }

  @Test
  void countsCallsErrorsAndTraceCallsApart() {
    DependencyMap map = DependencyMap.create();
    DependencyEdge edge = map.edge(DependencyKind.DATASOURCE, DependencyDirection.CALLED, "db");
    edge.record(1_000_000, false, false);
    edge.record(2_000_000, true, false);
    edge.record(3_000_000, false, true);

    assertThat(edge.calls()).isEqualTo(3);
    assertThat(edge.errors()).isEqualTo(1);
    assertThat(edge.traceCalls()).isEqualTo(1);
    assertThat(edge.lastSeenMillis()).isGreaterThanOrEqualTo(edge.firstSeenMillis());
  }

  @Test
  void aSyntheticCallCountsAsATraceCallWithoutALatencySampleOrAnError() {
    DependencyMap map = DependencyMap.create();
    DependencyEdge edge = map.http(URI.create("https://api.payments.example/charge"), INTERNAL);
    edge.record(5_000_000, false, true);
    edge.recordSynthetic();
    edge.recordSynthetic();

    assertThat(edge.calls()).isEqualTo(3);
    assertThat(edge.traceCalls()).isEqualTo(3);
    assertThat(edge.syntheticCalls()).isEqualTo(2);
    assertThat(edge.errors()).isZero();
    // Only the real call is a latency sample: both percentiles are its 5 ms.
    assertThat(edge.latencyMicros(0.5)).isBetween(5_000L, 5_000L * 1125 / 1000);
    assertThat(edge.latencyMicros(0.01)).isEqualTo(edge.latencyMicros(0.99));
    assertThat(map.reportJson("svc", null)).contains("\"traceCalls\":3,\"syntheticCalls\":2,");
  }

  @Test
  void aSyntheticCallIntoAFullMapIsCountedAsOverflow() {
    DependencyMap map = DependencyMap.create(1);
    map.edge(DependencyKind.CACHE, DependencyDirection.CALLED, "a").record(1000, false, false);
    DependencyEdge overflow = map.edge(DependencyKind.MAIL, DependencyDirection.CALLED, "smtp");

    overflow.recordSynthetic();

    assertThat(overflow.isOverflow()).isTrue();
    assertThat(map.overflowCalls()).isEqualTo(1);
    assertThat(map.edges()).hasSize(1);
  }

  @Test
  void reportsLatencyPercentilesWithinTheBucketWidth() {
    DependencyMap map = DependencyMap.create();
    DependencyEdge edge = map.edge(DependencyKind.CACHE, DependencyDirection.CALLED, "prices");
    for (int i = 1; i <= 100; i++) {
      edge.record(i * 1_000_000L, false, false); // 1 ms .. 100 ms
    }
    assertThat(edge.latencyMicros(0.5)).isBetween(50_000L, 50_000L * 1125 / 1000);
    assertThat(edge.latencyMicros(0.99)).isBetween(99_000L, 99_000L * 1125 / 1000);
  }

  @Test
  void unknownLatencyIsLeftOutOfThePercentiles() {
    DependencyMap map = DependencyMap.create();
    DependencyEdge edge = map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.CONSUMED, "t");
    edge.record(-1, false, false);

    assertThat(edge.calls()).isEqualTo(1);
    assertThat(edge.latencyMicros(0.5)).isEqualTo(-1);
    assertThat(map.report("svc", null).get("edges"))
        .asList()
        .singleElement()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("latencyP50Millis", null);
  }

  @Test
  void holdsAtMostTheCapUnderTenThousandDistinctDestinationsAndCountsTheRest() {
    DependencyMap map = DependencyMap.create(1000);
    for (int i = 0; i < 10_000; i++) {
      map.http(URI.create("http://host-" + i + ".example:8080/"), INTERNAL)
          .record(1000, false, false);
    }
    assertThat(map.size()).isEqualTo(1000);
    assertThat(map.edges()).hasSize(1000);
    assertThat(map.overflowCalls()).isEqualTo(9000);
    // Existing edges keep counting after the map is full.
    DependencyEdge kept = map.http(URI.create("http://host-0.example:8080/"), INTERNAL);
    assertThat(kept.isOverflow()).isFalse();
    kept.record(1000, false, false);
    assertThat(kept.calls()).isEqualTo(2);
  }

  @Test
  void concurrentFirstUsesOfOneTargetCreateOneEdge() throws Exception {
    DependencyMap map = DependencyMap.create(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<DependencyEdge>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  DependencyEdge edge =
                      map.edge(DependencyKind.MAIL, DependencyDirection.CALLED, "smtp");
                  edge.record(10, false, false);
                  return edge;
                }));
      }
      start.countDown();
      DependencyEdge first = futures.get(0).get(10, TimeUnit.SECONDS);
      for (Future<DependencyEdge> future : futures) {
        assertThat(future.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(map.size()).isEqualTo(1);
      assertThat(first.calls()).isEqualTo(8);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reportListsTheServiceAndEdgesInAStableOrder() {
    DependencyMap map = DependencyMap.create();
    map.edge(DependencyKind.KAFKA_TOPIC, DependencyDirection.PRODUCED, "orders")
        .record(-1, false, true);
    map.http(URI.create("http://inventory:8081/"), INTERNAL).record(2_000_000, true, false);

    Map<String, Object> report = map.report("orders-service", "1.0");
    assertThat(report)
        .containsEntry("format", 1)
        .containsEntry("service", "orders-service")
        .containsEntry("version", "1.0")
        .containsEntry("maxEdges", 1000)
        .containsEntry("overflowCalls", 0L);
    String json = map.reportJson("orders-service", "1.0");
    assertThat(json)
        .startsWith("{\"format\":1,\"service\":\"orders-service\",\"version\":\"1.0\",")
        .contains(
            "\"edges\":[{\"kind\":\"INTERNAL_SERVICE\",\"name\":\"inventory:8081\","
                + "\"direction\":\"CALLED\",\"calls\":1,\"errors\":1,\"traceCalls\":0,"
                + "\"syntheticCalls\":0,")
        .contains(
            "{\"kind\":\"KAFKA_TOPIC\",\"name\":\"orders\",\"direction\":\"PRODUCED\","
                + "\"calls\":1,\"errors\":0,\"traceCalls\":1,\"syntheticCalls\":0,"
                + "\"latencyP50Millis\":null");
  }

  @Test
  void escapesNamesSoTheJsonStaysJsonAndHtmlSafe() {
    DependencyMap map = DependencyMap.create();
    map.edge(DependencyKind.JMS_DESTINATION, DependencyDirection.PRODUCED, "q\"</script>\n")
        .record(1, false, false);
    assertThat(map.reportJson("s", null))
        .contains("\"name\":\"q\\\"\\u003c/script\\u003e\\n\"")
        .doesNotContain("</script>");
  }

  @Test
  void refusesACapOutsideItsLimits() {
    assertThatThrownBy(() -> DependencyMap.create(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DependencyMap.create(DependencyMap.LIMIT_MAX_EDGES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
