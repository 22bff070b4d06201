package io.contextkit.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server (the JDK's) standing in for a downstream service: it records every request
 * with its method, path, query, every header line (names in lower case, repeated headers kept) and
 * body, and answers what its responder says (200 {@code ok} unless told otherwise).
 *
 * <p>It listens on every local address, so a test can reach one server as {@code localhost} (inside
 * a trust boundary) and as {@code 127.0.0.1} (a third party). A server made by {@link #shared} is
 * the one of the test JVM for its name: it is found through a system property and its record is
 * read over HTTP, so a test class that QuarkusUnitTest loads a second time in another class loader
 * sees the same requests.
 */
public final class RecordingHttpServer implements AutoCloseable {

  /** The path at which a server serves its own record; never recorded, never passed on. */
  public static final String RECORD_PATH = "/__recorded";

  /** One request as the server received it. */
  public record Request(
      String method,
      String path,
      @Nullable String query,
      List<Map.Entry<String, String>> headers,
      String body) {

    public Request {
      headers = List.copyOf(headers);
    }

    /** The first value of header {@code name} (any case), or null. */
    public @Nullable String header(String name) {
      List<String> values = headers(name);
      return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of header {@code name} (any case), one per header line, in arrival order. */
    public List<String> headers(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, String> header : headers) {
        if (header.getKey().equals(lower)) {
          values.add(header.getValue());
        }
      }
      return values;
    }

    /** Whether its {@code baggage} says {@code request_type=TRACE}. */
    public boolean isTrace() {
      for (String baggage : headers("baggage")) {
        if (baggage.contains("request_type=TRACE")) {
          return true;
        }
      }
      return false;
    }

    /** {@code METHOD path baggage}, with {@code -} for a request without baggage. */
    public String summary() {
      String baggage = header("baggage");
      return method + " " + path + " " + (baggage == null ? "-" : baggage);
    }

    /** Every header line as {@code name: value}, one a line. */
    public String allHeaders() {
      StringBuilder text = new StringBuilder();
      for (Map.Entry<String, String> header : headers) {
        text.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
      }
      return text.toString();
    }
  }

  /** What the server answers. */
  public record Response(int status, Map<String, String> headers, String body) {

    public Response {
      headers = Map.copyOf(headers);
    }

    /** 200 with {@code body} as {@code text/plain}. */
    public static Response ok(String body) {
      return new Response(200, Map.of("Content-Type", "text/plain"), body);
    }

    /** {@code status} with a JSON {@code body}. */
    public static Response json(int status, String body) {
      return new Response(status, Map.of("Content-Type", "application/json"), body);
    }

    /** {@code status} without a body. */
    public static Response empty(int status) {
      return new Response(status, Map.of(), "");
    }

    /** This response with header {@code name} set to {@code value}. */
    public Response withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, more, body);
    }

    /**
     * This response with {@code Trace-Applied: request_type=TRACE} when {@code request} is a TRACE
     * request, as a ContextKit service acknowledges one.
     */
    public Response acknowledgingTrace(Request request) {
      return request.isTrace() ? withHeader("Trace-Applied", "request_type=TRACE") : this;
    }
  }

  private final @Nullable HttpServer server;
  private final int port;
  private final List<Request> recorded = new CopyOnWriteArrayList<>();

  private RecordingHttpServer(@Nullable HttpServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts a server that answers 200 {@code ok} to every request. */
  public static RecordingHttpServer start() {
    return start(request -> Response.ok("ok"));
  }

  /** Starts a server that answers each request with what {@code responder} returns for it. */
  public static RecordingHttpServer start(Function<Request, Response> responder) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RecordingHttpServer recording = new RecordingHttpServer(server, server.getAddress().getPort());
    server.createContext("/", exchange -> recording.handle(exchange, responder));
    server.start();
    return recording;
  }

  /**
   * The test JVM's one server called {@code name}, started with {@code responder} on first use and
   * never stopped. Its {@link #requests()} are read over HTTP, so every class loader sees the same.
   */
  public static synchronized RecordingHttpServer shared(
      String name, Function<Request, Response> responder) {
    String property = "contextkit.test.http." + name + ".port";
    String existing = System.getProperty(property);
    if (existing == null) {
      RecordingHttpServer started = start(responder);
      System.setProperty(property, Integer.toString(started.port()));
      existing = Integer.toString(started.port());
    }
    return at(Integer.parseInt(existing));
  }

  /**
   * A view of the recording server listening on {@code port}, started elsewhere (another class
   * loader, a {@code @QuarkusTestResource}): its {@link #requests()} are read over HTTP.
   */
  public static RecordingHttpServer at(int port) {
    return new RecordingHttpServer(null, port);
  }

  public int port() {
    return port;
  }

  /** {@code http://localhost:<port>}. */
  public String baseUri() {
    return "http://localhost:" + port;
  }

  /** The requests received so far, in arrival order. */
  public List<Request> requests() {
    return server != null ? List.copyOf(recorded) : fetchRecord();
  }

  /** The requests received so far on exactly {@code path}. */
  public List<Request> requestsTo(String path) {
    List<Request> matching = new ArrayList<>();
    for (Request request : requests()) {
      if (request.path().equals(path)) {
        matching.add(request);
      }
    }
    return matching;
  }

  /**
   * The one request received on {@code path}.
   *
   * @throws AssertionError when there is none or more than one
   */
  public Request only(String path) {
    List<Request> found = requestsTo(path);
    if (found.size() != 1) {
      throw new AssertionError("expected one request to " + path + ", got " + found);
    }
    return found.get(0);
  }

  /** Forgets the requests received so far (of a server of this class loader). */
  public void clear() {
    recorded.clear();
  }

  /** Stops a server this class loader started; a shared one lives as long as the JVM. */
  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void handle(HttpExchange exchange, Function<Request, Response> responder)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      Response response;
      if (path.equals(RECORD_PATH)) {
        response = Response.ok(encode(recorded));
      } else {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        exchange
            .getRequestHeaders()
            .forEach(
                (name, values) -> {
                  for (String value : values) {
                    headers.add(Map.entry(name.toLowerCase(Locale.ROOT), value));
                  }
                });
        Request request =
            new Request(
                exchange.getRequestMethod(),
                path,
                exchange.getRequestURI().getRawQuery(),
                headers,
                new String(requestBody, StandardCharsets.UTF_8));
        recorded.add(request);
        try {
          response = responder.apply(request);
        } catch (RuntimeException e) {
          response = new Response(500, Map.of(), "stub responder failed: " + e);
        }
      }
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private List<Request> fetchRecord() {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://"
                                  + InetAddress.getLoopbackAddress().getHostAddress()
                                  + ":"
                                  + port
                                  + RECORD_PATH))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return decode(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // One request a line; its fields, and each header's name and value, URL-encoded and separated
  // by spaces: method path query body name value name value ...
  private static String encode(List<Request> requests) {
    StringBuilder text = new StringBuilder();
    for (Request request : requests) {
      text.append(field(request.method()))
          .append(' ')
          .append(field(request.path()))
          .append(' ')
          .append(request.query() == null ? "-" : "q" + field(request.query()))
          .append(' ')
          .append(field("b" + request.body()));
      for (Map.Entry<String, String> header : request.headers()) {
        text.append(' ')
            .append(field(header.getKey()))
            .append(' ')
            .append(field(header.getValue()));
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static List<Request> decode(String text) {
    List<Request> requests = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(" ", -1);
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (int i = 4; i + 1 < parts.length; i += 2) {
        headers.add(Map.entry(unfield(parts[i]), unfield(parts[i + 1])));
      }
      requests.add(
          new Request(
              unfield(parts[0]),
              unfield(parts[1]),
              parts[2].equals("-") ? null : unfield(parts[2]).substring(1),
              headers,
              unfield(parts[3]).substring(1)));
    }
    return requests;
  }

  private static String field(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String unfield(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
