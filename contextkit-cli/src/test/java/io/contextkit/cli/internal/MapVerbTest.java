package io.contextkit.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapVerbTest {

  @TempDir Path dir;

  private Path copy(String name) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = MapVerbTest.class.getResourceAsStream("/map/" + name)) {
      Files.write(target, in.readAllBytes());
    }
    return target;
  }

  @Test
  void mergesTwoReportsIntoServicesBrokersDatabasesAndThirdParties() throws Exception {
    copy("orders.json");
    copy("inventory.json");

    CliRun run =
        CliRun.run(
            dir,
            "map",
            "--alias",
            "localhost:8081=quarkus-inventory",
            "orders.json",
            "inventory.json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("2 services, 6 nodes, 6 edges");
    assertThat(run.out())
        .startsWith("flowchart LR\n")
        .contains("[\"spring-orders\"]")
        .contains("[\"quarkus-inventory\"]")
        .contains(">\"orders.created\"]")
        .contains("{{\"payments.example:9090\"}}")
        .contains("[(\"spring-orders/dataSource\")]")
        .contains("[(\"quarkus-inventory/#60;default#62;\")]");
    // The internal call points at the inventory service (by alias), not at a host node.
    assertThat(run.out()).doesNotContain("localhost:8081");
  }

  @Test
  void amqpAddressesRabbitExchangesMailAndCachesBecomeNodesOfTheirKind() throws Exception {
    String edge =
        "{\"kind\":\"%s\",\"name\":\"%s\",\"direction\":\"%s\",\"calls\":3,"
            + "\"errors\":0,\"traceCalls\":1,\"syntheticCalls\":1,\"latencyP50Millis\":null,"
            + "\"latencyP99Millis\":null,\"firstSeen\":\"2026-12-07T03:00:00Z\","
            + "\"lastSeen\":\"2026-12-07T03:01:00Z\"}";
    Files.writeString(
        dir.resolve("billing.json"),
        "{\"format\":1,\"service\":\"billing\",\"version\":null,"
            + "\"generatedAt\":\"2026-12-07T03:02:00Z\",\"maxEdges\":1000,\"overflowCalls\":0,"
            + "\"edges\":["
            + String.join(
                ",",
                String.format(edge, "AMQP_ADDRESS", "invoices", "PRODUCED"),
                String.format(edge, "RABBIT_EXCHANGE", "payments.x", "PRODUCED"),
                String.format(edge, "MAIL", "smtp.example:587", "CALLED"),
                String.format(edge, "CACHE", "prices", "CALLED"))
            + "]}");

    CliRun run = CliRun.run(dir, "map", "--format", "dot", "billing.json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("1 services, 5 nodes, 4 edges");
    assertThat(run.out())
        .contains("\"invoices\"")
        .contains("\"payments.x\"")
        .contains("\"smtp.example:587\"")
        .contains("\"billing/prices\"");
  }

  @Test
  void edgesCarryCallRatesErrorRatesAndTraceCounts() throws Exception {
    copy("orders.json");
    copy("inventory.json");

    CliRun run =
        CliRun.run(
            dir,
            "map",
            "--format",
            "dot",
            "--alias",
            "localhost:8081=quarkus-inventory",
            "orders.json",
            "inventory.json");

    assertThat(run.exitCode()).isZero();
    String dot = run.out();
    assertThat(dot).startsWith("digraph system {");
    // orders -> inventory: 10 calls over 10 minutes, 1 error, p99 12 ms, 2 TRACE.
    assertThat(dot)
        .contains("label=\"10 calls, 1.0/min, 10.0% errors, p99 12.0 ms, 2 TRACE\", color=");
    // The topic sits between producer and consumer.
    assertThat(dot).contains("label=\"8 calls, 0.8/min, 0.0% errors, 2 TRACE\"");
    assertThat(dot)
        .containsPattern("n\\d+ -> n\\d+ \\[label=\"8 calls, 0.8/min, 0.0% errors, p99 2.0 ms");
  }

  @Test
  void readsRunningServicesAndNamesTheirHostPortAfterThem() throws Exception {
    HttpServer inventory = serve("/q/contextkit/dependencies", "inventory.json");
    HttpServer orders = serve("/actuator/contextkitdependencies", "orders.json");
    try {
      // The orders fixture calls localhost:8081; point it at the real inventory port instead.
      String ordersJson =
          new String(
                  MapVerbTest.class.getResourceAsStream("/map/orders.json").readAllBytes(),
                  StandardCharsets.UTF_8)
              .replace("localhost:8081", "127.0.0.1:" + inventory.getAddress().getPort());
      orders.removeContext("/actuator/contextkitdependencies");
      orders.createContext(
          "/actuator/contextkitdependencies",
          exchange -> {
            byte[] body = ordersJson.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });

      CliRun run =
          CliRun.run(
              dir,
              "map",
              "http://127.0.0.1:" + orders.getAddress().getPort(),
              "http://127.0.0.1:" + inventory.getAddress().getPort());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).contains("2 services, 6 nodes, 6 edges");
      assertThat(run.out()).doesNotContain("127.0.0.1:").contains("[\"quarkus-inventory\"]");
    } finally {
      inventory.stop(0);
      orders.stop(0);
    }
  }

  @Test
  void anUnreachableServiceIsAnIoErrorNamingTheUrl() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = server.getAddress().getPort();
    server.stop(0);

    CliRun run = CliRun.run(dir, "map", "http://127.0.0.1:" + port + "/q/contextkit/dependencies");

    assertThat(run.exitCode()).isEqualTo(ExitCode.IO);
    assertThat(run.err()).contains("cannot read http://127.0.0.1:" + port);
  }

  @Test
  void aServiceWithoutTheEndpointSaysHowToExposeIt() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
    try {
      CliRun run = CliRun.run(dir, "map", "http://127.0.0.1:" + server.getAddress().getPort());
      assertThat(run.exitCode()).isEqualTo(ExitCode.IO);
      assertThat(run.err())
          .contains("/actuator/contextkitdependencies answered 404")
          .contains("/q/contextkit/dependencies answered 404")
          .contains("management.endpoints.web.exposure.include=contextkitdependencies");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aSecuredEndpointIsReadWithCredentialsAndWithoutThemSaysSo() throws Exception {
    byte[] body;
    try (InputStream in = MapVerbTest.class.getResourceAsStream("/map/orders.json")) {
      body = in.readAllBytes();
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/actuator/contextkitdependencies",
        exchange -> {
          boolean authorized =
              "Basic YWxpY2U6YWxpY2UtcHc=" // alice:alice-pw
                  .equals(exchange.getRequestHeaders().getFirst("Authorization"));
          boolean tagged = "yes".equals(exchange.getRequestHeaders().getFirst("X-Tag"));
          byte[] answer = authorized && tagged ? body : new byte[0];
          exchange.sendResponseHeaders(authorized && tagged ? 200 : 401, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      CliRun without = CliRun.run(dir, "map", url);
      CliRun with = CliRun.run(dir, "map", "-u", "alice:alice-pw", "-H", "X-Tag: yes", url);

      assertThat(without.exitCode()).isEqualTo(ExitCode.IO);
      assertThat(without.err()).contains("answered 401").contains("needs credentials: -u");
      assertThat(with.exitCode()).as(with.err()).isZero();
      assertThat(with.out()).contains("[\"spring-orders\"]");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aHeaderThatCouldSplitTheRequestIsAUsageError() {
    CliRun run = CliRun.run(dir, "map", "-H", "X-A: b\r\nX-Evil: 1", "http://127.0.0.1:1");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("-H must be 'Name: value'");
  }

  @Test
  void jsonThatIsNotADependencyReportAnswersNo() throws Exception {
    Files.writeString(dir.resolve("other.json"), "{\"status\":\"UP\"}");

    CliRun run = CliRun.run(dir, "map", "other.json");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.err()).contains("other.json: \"service\" is missing or not a string");
  }

  @Test
  void namesCannotBreakOutOfTheMarkup() throws Exception {
    Files.writeString(
        dir.resolve("evil.json"),
        "{\"service\":\"a\\\"<script>alert(1)</script>\",\"overflowCalls\":0,"
            + "\"generatedAt\":\"2026-01-01T00:00:00Z\",\"edges\":[{\"kind\":\"KAFKA_TOPIC\","
            + "\"name\":\"t\\\"]; x -->\\n y\",\"direction\":\"PRODUCED\",\"calls\":1,\"errors\":0,"
            + "\"traceCalls\":0,\"firstSeen\":\"2026-01-01T00:00:00Z\"}]}");

    CliRun html = CliRun.run(dir, "map", "--format", "html", "evil.json");
    CliRun mermaid = CliRun.run(dir, "map", "evil.json");
    CliRun dot = CliRun.run(dir, "map", "--format", "dot", "evil.json");

    assertThat(html.out()).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)");
    assertThat(mermaid.out()).doesNotContain("<script>").doesNotContain("\"]; x");
    assertThat(mermaid.out().lines()).hasSize(4);
    assertThat(dot.out()).contains("label=\"t\\\"]; x -->  y\"");
  }

  @Test
  void aBadFormatIsAUsageError() {
    CliRun run = CliRun.run(dir, "map", "--format", "png", "x.json");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--format must be mermaid, dot or html");
  }

  @Test
  void helpDocumentsTheSourcesFormatsAndExitCodes() {
    CliRun run = CliRun.run(dir, "map", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("/actuator/contextkitdependencies")
        .contains("/q/contextkit/dependencies")
        .contains("--html FILE")
        .contains("Exit codes:");
  }

  private HttpServer serve(String path, String resource) throws IOException {
    byte[] body;
    try (InputStream in = MapVerbTest.class.getResourceAsStream("/map/" + resource)) {
      body = in.readAllBytes();
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        path,
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
