package io.contextkit.cli.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code contextkit map}: reads the dependency reports of running services (URLs) or dumped JSON
 * (files, {@code -} for standard input), merges them into one {@link SystemMap} and prints it as
 * Mermaid (default) or Graphviz DOT, and/or writes a self-contained HTML page.
 */
public final class MapVerb implements Verb {

  static final String NAME = "map";

  /** Largest report read; a bigger answer is refused rather than held in memory. */
  static final int MAX_REPORT_BYTES = 16 * 1024 * 1024;

  /** Where a bare service URL ({@code http://host:port}) is asked, in this order. */
  static final List<String> ENDPOINT_PATHS =
      List.of("/actuator/contextkitdependencies", "/q/contextkit/dependencies");

  private static final Set<String> VALUED =
      Set.of("--format", "--html", "--alias", "--timeout", "-H", "--header", "-u", "--user");
  private static final Set<String> REPEATABLE = Set.of("--alias", "-H", "--header");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "merge the dependency maps of running services into one system map";
  }

  @Override
  public String usage() {
    return String.join(
        "\n",
        "Usage: contextkit map [--format mermaid|dot|html] [--html FILE] [--alias HOST:PORT=NAME]...",
        "                      [-u USER:PASSWORD] [-H 'Name: value']... [--timeout 5s]",
        "                      URL... | FILE... | -",
        "",
        "Reads the runtime dependency report of each service - a Spring Boot service's",
        "/actuator/contextkitdependencies, a Quarkus service's /q/contextkit/dependencies, or that",
        "JSON saved to a file - and merges them into one system map: services, Kafka topics, JMS",
        "destinations, Rabbit exchanges, AMQP 1.0 addresses, databases, mail, caches and third",
        "parties as nodes; calls,",
        "calls per minute, error rate, p99 latency and TRACE calls on each edge.",
        "",
        "A URL without a path (http://localhost:8080) is asked at both endpoint paths. A call to",
        "another service's host:port points at that service when its report was read from that",
        "host:port; --alias names the others.",
        "",
        "Options:",
        "  --format F             what to print: mermaid (default), dot (Graphviz) or html",
        "  --html FILE            also write the map as one self-contained HTML page (nothing",
        "                         fetched when it is opened: the graph is inline SVG)",
        "  --alias HOST:PORT=NAME the service behind HOST:PORT (repeatable)",
        "  -u, --user USER:PASS   HTTP basic credentials for every URL (actuator endpoints are",
        "                         usually secured)",
        "  -H, --header 'N: V'    a request header for every URL, e.g. a bearer token (repeatable)",
        "  --timeout DURATION     per URL (default 5s)",
        "",
        "Example:",
        "  contextkit map http://localhost:8080 http://localhost:8081 --html system-map.html",
        "  contextkit map --format dot orders.json inventory.json | dot -Tsvg > map.svg");
  }

  @Override
  public int run(List<String> args, Io io) throws UsageException, IOException {
    Options options = Options.parse(NAME, args, VALUED, REPEATABLE, Set.of(), true);
    String format = options.value("--format") == null ? "mermaid" : options.value("--format");
    if (!Set.of("mermaid", "dot", "html").contains(format)) {
      throw new UsageException(
          "--format must be mermaid, dot or html, not "
              + Escape.quoted(format)
              + Options.seeHelp(NAME));
    }
    Duration timeout =
        options.value("--timeout") == null
            ? Duration.ofSeconds(5)
            : Durations.parse("--timeout", options.value("--timeout"));
    Map<String, String> aliases = new LinkedHashMap<>();
    for (String alias : options.values("--alias")) {
      int equals = alias.indexOf('=');
      if (equals <= 0 || equals == alias.length() - 1) {
        throw new UsageException(
            "--alias must be HOST:PORT=NAME, not " + Escape.quoted(alias) + Options.seeHelp(NAME));
      }
      aliases.put(alias.substring(0, equals), alias.substring(equals + 1));
    }
    List<String> headers = new ArrayList<>();
    for (String header : concat(options.values("-H"), options.values("--header"))) {
      int colon = header.indexOf(':');
      String name = colon <= 0 ? "" : header.substring(0, colon).trim();
      String value = colon <= 0 ? "" : header.substring(colon + 1).trim();
      if (name.isEmpty() || !isToken(name) || hasControl(value)) {
        throw new UsageException(
            "-H must be 'Name: value', not " + Escape.quoted(header) + Options.seeHelp(NAME));
      }
      headers.add(name);
      headers.add(value);
    }
    String user = options.value("-u") != null ? options.value("-u") : options.value("--user");
    if (user != null) {
      if (user.indexOf(':') <= 0 || hasControl(user)) {
        throw new UsageException("--user must be USER:PASSWORD" + Options.seeHelp(NAME));
      }
      headers.add("Authorization");
      headers.add(
          "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
    }
    List<String> sources = options.positional();
    if (sources.isEmpty()) {
      throw new UsageException("name at least one URL or file" + Options.seeHelp(NAME));
    }
    List<SystemMap.Report> reports = new ArrayList<>();
    HttpClient client = null;
    for (String source : sources) {
      if (source.startsWith("http://") || source.startsWith("https://")) {
        if (client == null) {
          client = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        reports.add(fetch(client, source, timeout, headers));
      } else {
        String text =
            source.equals("-")
                ? new String(io.in().readNBytes(MAX_REPORT_BYTES + 1), StandardCharsets.UTF_8)
                : read(io.resolve(source));
        reports.add(parse(source, null, text));
      }
    }
    SystemMap map;
    try {
      map = SystemMap.merge(reports, aliases);
    } catch (IllegalArgumentException e) {
      io.err().println("contextkit map: not a dependency report: " + Escape.text(e.getMessage()));
      return ExitCode.FAILED;
    }
    String generatedAt = io.clock().instant().toString();
    String htmlFile = options.value("--html");
    if (htmlFile != null) {
      Path path = io.resolve(htmlFile);
      Files.writeString(path, MapRenderers.html(map, generatedAt), StandardCharsets.UTF_8);
      io.err().println("contextkit map: wrote " + Escape.text(path.toString()));
    }
    switch (format) {
      case "dot" -> io.out().print(MapRenderers.dot(map));
      case "html" -> io.out().print(MapRenderers.html(map, generatedAt));
      default -> io.out().print(MapRenderers.mermaid(map));
    }
    io.err()
        .println(
            "contextkit map: "
                + map.services().size()
                + " services, "
                + map.nodes().size()
                + " nodes, "
                + map.edges().size()
                + " edges");
    return ExitCode.OK;
  }

  private static String read(Path path) throws IOException {
    if (Files.size(path) > MAX_REPORT_BYTES) {
      throw new IOException(path + " is larger than " + MAX_REPORT_BYTES + " bytes");
    }
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  private static SystemMap.Report fetch(
      HttpClient client, String source, Duration timeout, List<String> headers) throws IOException {
    URI uri;
    try {
      uri = URI.create(source);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a URL: " + source);
    }
    String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    String path = uri.getRawPath();
    List<URI> candidates = new ArrayList<>();
    if (path == null || path.isEmpty() || path.equals("/")) {
      String base = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
      for (String endpoint : ENDPOINT_PATHS) {
        candidates.add(URI.create(base + endpoint));
      }
    } else {
      candidates.add(uri);
    }
    List<String> answers = new ArrayList<>();
    for (URI candidate : candidates) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(candidate).timeout(timeout).header("Accept", "application/json");
      for (int i = 0; i < headers.size(); i += 2) {
        request.header(headers.get(i), headers.get(i + 1));
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading " + candidate);
      } catch (IOException e) {
        throw new IOException("cannot read " + candidate + ": " + e);
      }
      if (response.statusCode() == 200) {
        if (response.body().length > MAX_REPORT_BYTES) {
          throw new IOException(candidate + " answered more than " + MAX_REPORT_BYTES + " bytes");
        }
        return parse(
            candidate.toString(), authority, new String(response.body(), StandardCharsets.UTF_8));
      }
      answers.add(candidate + " answered " + response.statusCode());
    }
    boolean unauthorized =
        answers.stream().anyMatch(a -> a.endsWith(" answered 401") || a.endsWith(" answered 403"));
    throw new IOException(
        String.join("; ", answers)
            + (unauthorized
                ? " (the endpoint needs credentials: -u USER:PASSWORD or -H 'Authorization: ...')"
                : " (is the endpoint exposed? Spring: management.endpoints.web.exposure.include="
                    + "contextkitdependencies)"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static boolean isToken(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static SystemMap.Report parse(String source, String authority, String text)
      throws IOException {
    try {
      return new SystemMap.Report(source, authority, Json.parseObject(text));
    } catch (Json.JsonException e) {
      throw new IOException(source + " is not JSON: " + e.getMessage());
    }
  }
}
