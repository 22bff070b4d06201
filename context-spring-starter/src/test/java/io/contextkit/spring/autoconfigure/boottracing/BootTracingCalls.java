package io.contextkit.spring.autoconfigure.boottracing;

import io.contextkit.RequestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** The relay endpoint's answer, and a plain JDK client calling it as an outside caller would. */
final class BootTracingCalls {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private BootTracingCalls() {}

  /** The ids and identity of {@code context}, empty strings for what it lacks. */
  static Map<String, String> snapshot(RequestContext context) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("trace_id", text(context.traceId()));
    m.put("parent_id", text(context.parentId()));
    m.put("request_id", text(context.requestId()));
    m.put("user_id", text(context.userId()));
    m.put("account_id", text(context.accountId()));
    m.put("request_type", context.requestType().name());
    return m;
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }

  /** GET /relay from 127.0.0.1 with the given header name/value pairs; the JSON body. */
  @SuppressWarnings("unchecked")
  static Map<String, String> relay(int port, String... headers) throws Exception {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/relay"));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("relay answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readValue(response.body(), Map.class);
  }
}
