package io.contextkit.spring.autoconfigure.sessionjdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.spring.autoconfigure.trace.channels.ChannelsTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * HTTP sessions stored by Spring Session JDBC (H2): a STANDARD request that uses a session writes a
 * row; a TRACE request writes none, reads an existing one without touching it (not even its last
 * access time) and logs in without storing a session. Runs in its own failsafe execution, with
 * Spring Session on the class path.
 */
@SpringBootTest(
    classes = ChannelsTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.session.jdbc.initialize-schema=always",
      "spring.mail.host=127.0.0.1",
      "test.internal-url=http://localhost:1",
      "test.third-party-url=http://127.0.0.1:1"
    })
class SpringSessionJdbcTraceIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @LocalServerPort int port;

  @Autowired DataSource dataSource;

  /** Every stored session and attribute, as text (byte arrays compare by content). */
  private Map<String, Object> snapshot() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    return Map.of(
        "sessions",
        jdbc.query(
            "SELECT SESSION_ID, LAST_ACCESS_TIME, EXPIRY_TIME FROM SPRING_SESSION ORDER BY 1",
            (rs, i) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3)),
        "attributes",
        jdbc.query(
            "SELECT SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES"
                + " FROM SPRING_SESSION_ATTRIBUTES ORDER BY 1, 2",
            (rs, i) ->
                rs.getString(1) + " " + rs.getString(2) + " " + Arrays.toString(rs.getBytes(3))));
  }

  private int rows() {
    return ((List<?>) snapshot().get("sessions")).size();
  }

  private HttpResponse<String> send(boolean trace, String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (trace) {
      b.header("baggage", "request_type=TRACE")
          .header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("tracer:pw".getBytes(StandardCharsets.UTF_8)));
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> sessionCookies(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("SESSION="))
        .toList();
  }

  @Test
  void standardStoresASessionRowAndTraceStoresNone() throws Exception {
    int before = rows();
    HttpResponse<String> real = send(false, "POST", "/session/flash");
    assertThat(real.body()).isEqualTo("cart=3 items new=true");
    assertThat(sessionCookies(real)).hasSize(1);
    assertThat(rows()).isEqualTo(before + 1);

    Map<String, Object> afterReal = snapshot();
    HttpResponse<String> trace = send(true, "POST", "/session/flash");
    assertThat(trace.body()).isEqualTo("cart=3 items new=true");
    assertThat(sessionCookies(trace)).isEmpty();
    assertThat(trace.headers().firstValue("Trace-Report").orElse(""))
        .contains("sessions=2")
        .endsWith("violations=0");
    assertThat(snapshot()).isEqualTo(afterReal);
  }

  @Test
  void traceReadsTheStoredSessionWithoutTouchingIt() throws Exception {
    HttpResponse<String> real = send(false, "POST", "/session/flash");
    String cookie = sessionCookies(real).get(0);
    cookie = cookie.substring(0, cookie.indexOf(';'));
    Thread.sleep(5); // a last-access update would change the stored time
    Map<String, Object> before = snapshot();

    HttpResponse<String> read = send(true, "GET", "/session/read", "Cookie", cookie);
    assertThat(read.body()).isEqualTo("cart=3 items");
    HttpResponse<String> change = send(true, "POST", "/session/flash?items=9", "Cookie", cookie);
    assertThat(change.body()).isEqualTo("cart=9 items new=false");
    assertThat(sessionCookies(change)).isEmpty();
    assertThat(snapshot()).isEqualTo(before);

    // STANDARD touches it for real.
    send(false, "GET", "/session/read", "Cookie", cookie);
    assertThat(snapshot()).isNotEqualTo(before);
  }

  @Test
  void traceFormLoginStoresNoSession() throws Exception {
    HttpRequest.Builder login =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=tracer&password=pw"));
    int before = rows();
    HttpResponse<String> real = CLIENT.send(login.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(real.statusCode()).isEqualTo(302);
    assertThat(sessionCookies(real)).hasSize(1);
    assertThat(rows()).isEqualTo(before + 1);

    Map<String, Object> afterReal = snapshot();
    HttpResponse<String> trace =
        CLIENT.send(
            login.header("baggage", "request_type=TRACE").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(trace.statusCode()).isEqualTo(302);
    assertThat(trace.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/session/read"));
    assertThat(sessionCookies(trace)).isEmpty();
    assertThat(snapshot()).isEqualTo(afterReal);
  }
}
