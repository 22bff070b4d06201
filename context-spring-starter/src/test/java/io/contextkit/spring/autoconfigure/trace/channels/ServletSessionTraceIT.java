package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServletSessionTraceIT extends AbstractChannelsIT {

  private static List<String> cookies(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie");
  }

  private static String sessionCookie(HttpResponse<String> response) {
    return cookies(response).stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void sessionIsCreatedForStandardAndOnlyWithinTheTraceRequest() throws Exception {
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/session/flash");
    assertThat(real.body()).isEqualTo("cart=3 items new=true");
    assertThat(cookies(real)).anyMatch(c -> c.startsWith("JSESSIONID="));

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/session/flash");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).as("works within the request").isEqualTo("cart=3 items new=true");
    assertThat(cookies(trace)).noneMatch(c -> c.startsWith("JSESSIONID="));
    assertThat(reportHeader(trace)).contains("sessions=2").endsWith("violations=0");
    assertThat(loggedEffects())
        .contains("SESSION http-session")
        .contains("session created")
        .contains("attribute cart set");
  }

  @Test
  void existingSessionIsReadableUnderTraceButItsChangesStayInTheRequest() throws Exception {
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/session/flash");
    String cookie = sessionCookie(real);
    assertThat(send(Mode.STANDARD, "GET", "/session/read", "Cookie", cookie).body())
        .isEqualTo("cart=3 items");

    HttpResponse<String> trace = send(Mode.TRACE, "GET", "/session/read", "Cookie", cookie);
    assertThat(trace.body()).isEqualTo("cart=3 items");
    assertThat(reportHeader(trace)).contains("sessions=0");
    HttpResponse<String> change =
        send(Mode.TRACE, "POST", "/session/flash?items=9", "Cookie", cookie);
    assertThat(change.body()).isEqualTo("cart=9 items new=false");
    assertThat(reportHeader(change)).contains("sessions=1");
    assertThat(cookies(change)).noneMatch(c -> c.startsWith("JSESSIONID="));
    assertThat(send(Mode.STANDARD, "GET", "/session/read", "Cookie", cookie).body())
        .as("the container's session kept its cart")
        .isEqualTo("cart=3 items");
  }

  @Test
  void flashAttributeRedirectCreatesNoSessionUnderTrace() throws Exception {
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/session/redirect");
    assertThat(real.statusCode()).isEqualTo(302);
    assertThat(cookies(real)).anyMatch(c -> c.startsWith("JSESSIONID="));

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/session/redirect");
    assertThat(trace.statusCode()).isEqualTo(302);
    assertThat(cookies(trace)).noneMatch(c -> c.startsWith("JSESSIONID="));
  }

  @Test
  void traceFormLoginKeepsItsSecurityContextInTheRequest() throws Exception {
    HttpResponse<String> real = sendForm(Mode.STANDARD, "/login", "username=tracer&password=pw");
    assertThat(real.statusCode()).isEqualTo(302);
    assertThat(cookies(real)).anyMatch(c -> c.startsWith("JSESSIONID="));

    HttpResponse<String> trace = sendForm(Mode.TRACE, "/login", "username=tracer&password=pw");
    assertThat(trace.statusCode()).isEqualTo(302);
    assertThat(trace.headers().firstValue("Location"))
        .hasValueSatisfying(l -> l.endsWith("/session/read"));
    assertThat(cookies(trace)).noneMatch(c -> c.startsWith("JSESSIONID="));
  }
}
