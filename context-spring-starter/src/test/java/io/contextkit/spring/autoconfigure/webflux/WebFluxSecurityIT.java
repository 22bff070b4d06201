package io.contextkit.spring.autoconfigure.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.contextkit.internal.RefusalLog;
import io.contextkit.testsupport.LogbackCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Hooks;

/**
 * Reactive Spring Security feeds the same identity path as the servlet side: on a real Reactor
 * Netty server, two users authenticated by HTTP basic get their own user, account, tester flag and
 * licence in the context; only the one holding the TRACE permission may ask for TRACE, the other
 * (and an anonymous caller) get 403. Untrusted baggage never overrides the authenticated identity,
 * and the error line Spring Boot logs for a handler's exception carries the request's ids.
 */
@SpringBootTest(
    classes = WebFluxSecurityTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.reactor.context-propagation=auto"
    })
class WebFluxSecurityIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @LocalServerPort int port;

  private WebFluxCalls calls;
  private LogbackCapture logs;

  @BeforeEach
  void setUp() {
    calls = new WebFluxCalls(port);
    logs = LogbackCapture.attachToRoot();
  }

  @AfterEach
  void detach() {
    logs.close();
  }

  @AfterAll
  static void disableAutomaticPropagation() {
    Hooks.disableAutomaticContextPropagation();
  }

  private static String basic(String user) {
    return WebFluxCalls.basic(user);
  }

  @Test
  void authenticatedUsersGetTheirOwnIdentityInTheContext() {
    Map<String, String> alice = calls.ctx("Authorization", basic("alice")).getBody();
    Map<String, String> bob = calls.ctx("Authorization", basic("bob")).getBody();

    for (String view : new String[] {"thread_local", "after_hop"}) {
      assertThat(alice)
          .as(view)
          .containsEntry(view + ".user_id", "alice")
          .containsEntry(view + ".account_id", "acme")
          .containsEntry(view + ".license", "gold")
          .containsEntry(view + ".tester", "false")
          .containsEntry(view + ".request_type", "STANDARD");
      assertThat(bob)
          .as(view)
          .containsEntry(view + ".user_id", "bob")
          .containsEntry(view + ".account_id", "beta")
          .containsEntry(view + ".license", "free")
          .containsEntry(view + ".tester", "true");
    }
  }

  @Test
  void handlerLogLinesCarryTheAuthenticatedUser() {
    ResponseEntity<Map<String, String>> response = calls.ctx("Authorization", basic("alice"));

    String requestId = response.getHeaders().getFirst("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(linesOf("serving ctx", requestId))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMDCPropertyMap())
                    .containsEntry("user_id", "alice")
                    .containsEntry("account_id", "acme")
                    .containsEntry("license", "gold"));
  }

  @Test
  void callerHoldingTracePermissionRunsAsTrace() {
    ResponseEntity<Map<String, String>> response =
        calls.ctx("Authorization", basic("bob"), "baggage", "request_type=TRACE");

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody())
        .containsEntry("thread_local.request_type", "TRACE")
        .containsEntry("after_hop.request_type", "TRACE")
        .containsEntry("thread_local.user_id", "bob");
  }

  @Test
  void callerHoldingTheTracePermissionAsARoleRunsAsTrace() {
    ResponseEntity<Map<String, String>> response =
        calls.ctx("Authorization", basic("carol"), "baggage", "request_type=TRACE");

    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody())
        .containsEntry("thread_local.request_type", "TRACE")
        .containsEntry("thread_local.user_id", "carol");
  }

  @Test
  void aRefusalForAMissingPermissionNamesTheExpectedAuthorities() {
    LogbackCapture lines = LogbackCapture.attach(RefusalLog.LOGGER);
    try {
      ResponseEntity<Map<String, String>> response =
          calls.ctx("Authorization", basic("alice"), "baggage", "request_type=TRACE");

      assertThat(response.getStatusCode().value()).isEqualTo(403);
      assertThat(lines.warnings())
          .containsExactly(
              "ContextKit refused a request: status=403 reason=untrusted-trace request_id="
                  + response.getHeaders().getFirst("X-Request-Id")
                  + " peer=127.0.0.1 expected_authority=CONTEXTKIT_TRACE|ROLE_CONTEXTKIT_TRACE");
    } finally {
      lines.close();
    }
  }

  @Test
  void untrustedTraceAskWithoutThePermissionIs403() {
    ResponseEntity<Map<String, String>> response =
        calls.ctx("Authorization", basic("alice"), "baggage", "request_type=TRACE");

    assertThat(response.getStatusCode().value()).isEqualTo(403);
    assertThat(response.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeaders().getFirst("X-Request-Id")).isNotBlank();
    assertThat(linesOf("serving ctx", response.getHeaders().getFirst("X-Request-Id"))).isEmpty();
  }

  @Test
  void anonymousCallerIsRefusedBeforeTheHandler() {
    ResponseEntity<Map<String, String>> response = calls.ctx("baggage", "request_type=TRACE");

    assertThat(response.getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void untrustedBaggageNeverOverridesTheAuthenticatedIdentity() {
    ResponseEntity<Map<String, String>> response =
        calls.ctx(
            "Authorization",
            basic("alice"),
            "baggage",
            "user_id=admin,account_id=root,license=platinum,tester=true");

    assertThat(response.getBody())
        .containsEntry("thread_local.user_id", "alice")
        .containsEntry("thread_local.account_id", "acme")
        .containsEntry("thread_local.license", "gold")
        .containsEntry("thread_local.tester", "false");
  }

  @Test
  void twoUsersInterleavedOnOneEventLoopNeverSeeEachOthersIdentity() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<ResponseEntity<Map<String, String>>>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String user = i % 2 == 0 ? "alice" : "bob";
        results.add(clients.submit(() -> calls.ctx("Authorization", basic(user))));
      }
      for (int i = 0; i < 60; i++) {
        ResponseEntity<Map<String, String>> response = results.get(i).get();
        String user = i % 2 == 0 ? "alice" : "bob";
        String account = i % 2 == 0 ? "acme" : "beta";
        String requestId = response.getHeaders().getFirst("X-Request-Id");
        for (String view : new String[] {"thread_local", "after_hop"}) {
          assertThat(response.getBody())
              .as("request %d, %s", i, view)
              .containsEntry(view + ".user_id", user)
              .containsEntry(view + ".account_id", account)
              .containsEntry(view + ".request_id", requestId);
        }
        assertThat(linesOf("serving ctx", requestId))
            .singleElement()
            .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("user_id", user));
      }
    } finally {
      clients.shutdown();
    }
  }

  // The exception handlers run outside the filter chain: the context must reach them anyway.
  @Test
  void errorLoggedBySpringForAHandlerExceptionCarriesTheRequestsIds() {
    ResponseEntity<Map<String, String>> response =
        calls.get(
            "/boom",
            "Authorization",
            basic("alice"),
            "traceparent",
            "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

    assertThat(response.getStatusCode().value()).isEqualTo(500);
    String requestId = response.getHeaders().getFirst("X-Request-Id");
    assertThat(requestId).isNotBlank();
    // The handler's own line before the failure carries the request, with the user.
    ILoggingEvent handlerLine = linesOf("about to fail", requestId).get(0);
    assertThat(handlerLine.getMDCPropertyMap()).containsEntry("user_id", "alice");
    List<ILoggingEvent> errors =
        captured().stream()
            .filter(e -> e.getLevel() == Level.ERROR)
            .filter(e -> e.getThrowableProxy() != null)
            .filter(e -> e.getThrowableProxy().getMessage().contains("flux boom"))
            .toList();
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLoggerName()).startsWith("org.springframework");
              // The context the filters left (the authenticated caller), not only the one
              // extracted before them: the same trace and user as the handler's line.
              assertThat(e.getMDCPropertyMap())
                  .containsEntry("request_id", requestId)
                  .containsEntry("trace_id", handlerLine.getMDCPropertyMap().get("trace_id"))
                  .containsEntry("user_id", "alice")
                  .containsEntry("account_id", "acme");
            });
  }

  private List<ILoggingEvent> linesOf(String message, String requestId) {
    return logs.eventsWith(message, "request_id", requestId);
  }

  private List<ILoggingEvent> captured() {
    return logs.events();
  }
}
