package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code contextkit logs} on the logs of a real demo run ({@code src/test/resources/demo-logs}, see
 * its README for the command that produced them): spring-orders' logstash lines with the context
 * flat, quarkus-inventory's Quarkus JSON with the context in {@code "mdc"}. The verb must reproduce
 * the grouping the demo printed for the same run: the same trace, the same request ids, the same
 * lines under each, each hop's lines in the demo's (time) order.
 */
class LogsOnDemoLogsTest {

  private static final Pattern DEMO_LINE = Pattern.compile("^  (\\S+)\\s+(\\S+)\\s+(\\S+?): (.*)$");
  private static final Pattern OUR_LINE =
      Pattern.compile(
          "^      \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\S+)\\s+\\[[^\\]]*\\] (\\S+?): (.*)$");

  private static Path dir;
  private static List<Section> demo;

  /** One line as both print it: service (the demo's short name), level, logger, message. */
  record Line(String service, String level, String logger, String message) {}

  /** What the demo printed for one order: its trace ids and its lines per request id. */
  record Section(
      List<String> traceIds, Map<String, List<Line>> requests, List<String> suppressed) {}

  @BeforeAll
  static void readTheDemosOutput() throws IOException, URISyntaxException {
    dir =
        Path.of(LogsOnDemoLogsTest.class.getResource("/demo-logs/orders.log").toURI()).getParent();
    demo = new ArrayList<>();
    Section section = null;
    String request = null;
    for (String line : Files.readAllLines(dir.resolve("demo-output.txt"))) {
      if (line.startsWith("=== ")) {
        section = new Section(new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>());
        demo.add(section);
      } else if (line.startsWith("trace_id ")) {
        section.traceIds().addAll(List.of(line.substring(9).split(", ")));
      } else if (line.startsWith("-- request_id ")) {
        request = line.substring(14);
        section.requests().put(request, new ArrayList<>());
      } else if (line.startsWith("            suppressed: ")) {
        String array = line.substring(24);
        for (String effect : array.substring(2, array.length() - 2).split("\",\"")) {
          section.suppressed().add(effect);
        }
      } else {
        Matcher m = DEMO_LINE.matcher(line);
        if (m.matches()) {
          section
              .requests()
              .get(request)
              .add(new Line(m.group(1), m.group(2), m.group(3), m.group(4)));
        }
      }
    }
    assertThat(demo).as("sections 7 and 8 of the demo's output").hasSize(2);
    assertThat(demo).allSatisfy(s -> assertThat(s.requests()).isNotEmpty());
  }

  @Test
  void eachOrdersRequestIsTheDemosGroupLineForLine() {
    for (Section section : demo) {
      String requestId = section.requests().keySet().iterator().next();

      CliRun run = CliRun.run(dir, "logs", "--request", requestId, "orders.log", "inventory.log");

      assertThat(run.exitCode()).as(run.err()).isZero();
      Tree ours = Tree.parse(run.out());
      assertThat(ours.traceIds).containsExactlyElementsOf(section.traceIds());
      assertThat(ours.requests.keySet())
          .containsExactlyInAnyOrderElementsOf(section.requests().keySet());
      for (Map.Entry<String, List<Line>> group : section.requests().entrySet()) {
        List<Line> expected = group.getValue();
        List<List<Line>> hops = ours.requests.get(group.getKey());
        List<Line> all = hops.stream().flatMap(List::stream).toList();
        assertThat(all)
            .as("request %s", group.getKey())
            .containsExactlyInAnyOrderElementsOf(expected);
        int previousFirst = -1;
        for (List<Line> hop : hops) {
          // Within a hop, the demo's order; hops in the order of their first line.
          assertThat(hop).isSubsetOf(expected);
          List<Integer> positions = hop.stream().map(expected::indexOf).toList();
          assertThat(positions).isSorted();
          assertThat(positions.get(0)).isGreaterThan(previousFirst);
          previousFirst = positions.get(0);
          assertThat(hop.stream().map(Line::service).distinct()).hasSize(1);
        }
      }
      assertThat(ours.suppressed).containsExactlyElementsOf(section.suppressed());
    }
  }

  @Test
  void theStandardOrdersTreeHasTheHopsOfBothServices() {
    String requestId = demo.get(0).requests().keySet().iterator().next();

    Tree ours =
        Tree.parse(
            CliRun.run(dir, "logs", "--request", requestId, "orders.log", "inventory.log").out());

    // inventory reserving, orders placing, orders answering the consumer's call back, the consumer.
    assertThat(ours.hopServices.get(requestId))
        .containsExactly("inventory", "orders", "orders", "inventory");
  }

  @Test
  void withoutASelectionBothOrdersAreShownAndTheRestCounted() throws IOException {
    long withoutIds = 0;
    for (String file : List.of("orders.log", "inventory.log")) {
      withoutIds +=
          Files.readAllLines(dir.resolve(file)).stream()
              .filter(l -> !l.contains("\"trace_id\"") && !l.contains("\"request_id\""))
              .count();
    }

    CliRun run = CliRun.run(dir, "logs", "orders.log", "inventory.log");

    Tree ours = Tree.parse(run.out());
    // Both orders in time order (before them, the demo's own readiness request to spring-orders).
    assertThat(ours.traceIds)
        .containsSubsequence(demo.get(0).traceIds().get(0), demo.get(1).traceIds().get(0));
    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "contextkit logs: "
                + withoutIds
                + " JSON lines without trace_id or request_id (startup, background work) not shown\n");
    assertThat(withoutIds).isPositive();
  }

  @Test
  void theTraceSelectsWhatItsRequestSelects() {
    Section trace = demo.get(1);
    String requestId = trace.requests().keySet().iterator().next();

    assertThat(
            CliRun.run(
                    dir, "logs", "--trace", trace.traceIds().get(0), "orders.log", "inventory.log")
                .out())
        .isEqualTo(
            CliRun.run(dir, "logs", "--request", requestId, "orders.log", "inventory.log").out());
  }

  /** Our output, read back: trace ids, and per request its hops' lines. */
  static final class Tree {
    final List<String> traceIds = new ArrayList<>();
    final Map<String, List<List<Line>>> requests = new LinkedHashMap<>();
    final Map<String, List<String>> hopServices = new LinkedHashMap<>();
    final List<String> suppressed = new ArrayList<>();

    static Tree parse(String out) {
      Tree tree = new Tree();
      String request = null;
      String service = null;
      for (String line : out.lines().toList()) {
        if (line.startsWith("trace ")) {
          tree.traceIds.add(line.substring(6, line.indexOf(' ', 6)));
        } else if (line.startsWith("  request ")) {
          int end = line.indexOf(' ', 10);
          request = line.substring(10, end < 0 ? line.length() : end);
          tree.requests.put(request, new ArrayList<>());
          tree.hopServices.put(request, new ArrayList<>());
        } else if (line.startsWith("    hop ")) {
          String name = line.substring(8).split(" ")[0];
          service = name.equals("spring-orders") ? "orders" : name;
          tree.requests.get(request).add(new ArrayList<>());
          tree.hopServices.get(request).add(service);
        } else if (line.startsWith("                   suppressed: ")) {
          tree.suppressed.addAll(List.of(line.substring(31).split(", (?=[A-Z_]+ )")));
        } else {
          Matcher m = OUR_LINE.matcher(line);
          if (m.matches()) {
            List<List<Line>> hops = tree.requests.get(request);
            hops.get(hops.size() - 1).add(new Line(service, m.group(1), m.group(2), m.group(3)));
          }
        }
      }
      return tree;
    }
  }
}
