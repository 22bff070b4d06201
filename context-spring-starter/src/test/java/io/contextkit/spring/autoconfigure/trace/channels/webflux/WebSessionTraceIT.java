package io.contextkit.spring.autoconfigure.trace.channels.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

/**
 * WebFlux sessions on Reactor Netty: a STANDARD exchange that uses its session stores it (cookie
 * and store entry); a TRACE exchange (from a trusted peer) uses a session that lives only within
 * the exchange.
 */
@SpringBootTest(
    classes = WebSessionTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "contextkit.trust.trusted-peers=127.0.0.1/32"
    })
class WebSessionTraceIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  @Autowired WebSessionManager sessions;

  private int stored() {
    InMemoryWebSessionStore store =
        (InMemoryWebSessionStore) ((DefaultWebSessionManager) sessions).getSessionStore();
    return store.getSessions().size();
  }

  private HttpResponse<String> send(boolean trace, String method, String cookie) throws Exception {
    return send(trace, method, "/cart", cookie);
  }

  private HttpResponse<String> send(boolean trace, String method, String path, String cookie)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (trace) {
      b.header("baggage", "request_type=TRACE");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> sessionCookies(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("SESSION="))
        .toList();
  }

  @Test
  void sessionIsStoredForStandardAndOnlyWithinTheTraceExchange() throws Exception {
    int before = stored();
    HttpResponse<String> real = send(false, "POST", null);
    assertThat(real.body()).isEqualTo("cart=3 items new=true");
    assertThat(sessionCookies(real)).hasSize(1);
    assertThat(stored()).isEqualTo(before + 1);

    HttpResponse<String> trace = send(true, "POST", null);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).isEqualTo("cart=3 items new=true");
    assertThat(sessionCookies(trace)).isEmpty();
    assertThat(stored()).isEqualTo(before + 1);
  }

  @Test
  void existingSessionIsReadableUnderTraceAndKeepsItsState() throws Exception {
    HttpResponse<String> real = send(false, "POST", null);
    String cookie = sessionCookies(real).get(0);
    cookie = cookie.substring(0, cookie.indexOf(';'));
    int before = stored();

    assertThat(send(true, "GET", cookie).body()).isEqualTo("cart=3 items");
    HttpResponse<String> change = send(true, "POST", "/cart?items=9", cookie);
    assertThat(change.body()).isEqualTo("cart=9 items new=false");
    assertThat(sessionCookies(change)).isEmpty();
    assertThat(stored()).isEqualTo(before);
    assertThat(send(false, "GET", cookie).body())
        .as("the stored session kept its cart")
        .isEqualTo("cart=3 items");

    // A fresh TRACE exchange without a cookie sees no cart: nothing leaked into another session.
    assertThat(send(true, "GET", null).body()).isEqualTo("cart=empty");
    assertThat(stored()).isEqualTo(before);
  }
}
