package io.contextkit.spring.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The caller (127.0.0.1) is not a trusted peer: its identity claims are dropped unless signed with
 * the deployment's key, TRACE needs the permission, and no bad header yields a 5xx.
 */
@SpringBootTest(
    classes = TestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "contextkit.trust.internal-hosts=localhost",
      "contextkit.trust.signing.active-key-id=k1",
      "contextkit.trust.signing.keys.k1=" + UntrustedCallerIT.SECRET_BASE64
    })
class UntrustedCallerIT {

  static final String SECRET_BASE64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  @LocalServerPort int port;

  private JsonLogCapture logs;

  @BeforeEach
  void captureLogs() {
    logs = JsonLogCapture.attach();
  }

  @AfterEach
  void stopCapture() {
    logs.detach();
  }

  @Test
  void untrustedBaggageNeverMakesTheCallerAdmin() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port,
            "/async",
            "baggage",
            "user_id=admin,account_id=root",
            "X-Request-Id",
            "forged-id",
            "traceparent",
            "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = Http.json(response);
    for (String hop : new String[] {"caller", "async"}) {
      Map<String, Object> ctx = Http.map(body.get(hop));
      assertThat(ctx.get("user_id")).isEqualTo("");
      assertThat(ctx.get("account_id")).isEqualTo("");
      assertThat(ctx.get("request_id")).isNotEqualTo("forged-id");
      // Secure default: an untrusted caller's trace is restarted.
      assertThat(ctx.get("trace_id")).isNotEqualTo(TRACE_ID);
    }
    assertThat(logs.rawLines()).noneMatch(line -> line.contains("\"user_id\":\"admin\""));
    assertThat(logs.rawLines()).noneMatch(line -> line.contains("forged-id"));
  }

  @Test
  void signedContextFromUntrustedAddressIsAccepted() throws Exception {
    ContextSignature signature =
        ContextSignature.create(SigningKeys.of("k1", Base64.getDecoder().decode(SECRET_BASE64)));
    String header =
        signature.sign(new SignedFields(TRACE_ID, "signed-req", "bob", "acme", false, null, null));
    HttpResponse<String> response =
        Http.get(
            port,
            "/out/boot-rest-client-builder",
            "traceparent",
            "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
            "baggage",
            "user_id=bob,account_id=acme",
            "X-Request-Id",
            "signed-req",
            "contextkit-signature",
            header);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = Http.json(response);
    assertThat(Http.map(body.get("caller")))
        .containsEntry("user_id", "bob")
        .containsEntry("account_id", "acme")
        .containsEntry("request_id", "signed-req")
        .containsEntry("trace_id", TRACE_ID);
    // Our outbound call re-signs the context, so the callee (same app) accepts it too.
    Map<String, Object> echo = Http.map(body.get("echo"));
    assertThat((String) echo.get("contextkit-signature")).isNotEmpty();
    assertThat(Http.map(echo.get("context"))).containsEntry("user_id", "bob");
  }

  @Test
  void tamperedSignedContextIsDropped() throws Exception {
    ContextSignature signature =
        ContextSignature.create(SigningKeys.of("k1", Base64.getDecoder().decode(SECRET_BASE64)));
    String header =
        signature.sign(new SignedFields(TRACE_ID, "signed-req", "bob", null, false, null, null));
    Map<String, Object> body =
        Http.json(
            Http.get(
                port,
                "/ctx",
                "traceparent",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
                "baggage",
                "user_id=admin",
                "X-Request-Id",
                "signed-req",
                "contextkit-signature",
                header));
    assertThat(body.get("user_id")).isEqualTo("");
  }

  @Test
  void untrustedTraceRequestIs403() throws Exception {
    HttpResponse<String> response = Http.get(port, "/ctx", "baggage", "request_type=TRACE");
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void traceRequestOfCallerHoldingPermissionIsAccepted() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port, "/ctx", "baggage", "request_type=TRACE", "Authorization", Http.basic("tracer"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response))
        .containsEntry("request_type", "TRACE")
        .containsEntry("user_id", "tracer");
  }

  @Test
  void traceRequestOfCallerHoldingThePermissionAsARoleIsAccepted() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port,
            "/ctx",
            "baggage",
            "request_type=TRACE",
            "Authorization",
            Http.basic("roletracer"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response))
        .containsEntry("request_type", "TRACE")
        .containsEntry("user_id", "roletracer");
  }

  @Test
  void traceRequestOfAuthenticatedCallerWithoutPermissionIs403() throws Exception {
    HttpResponse<String> response =
        Http.get(
            port, "/ctx", "baggage", "request_type=TRACE", "Authorization", Http.basic("alice"));
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void malformedHeadersNeverCause5xx() throws Exception {
    String[][] cases = {
      {"traceparent", "garbage"},
      {"traceparent", "00-00000000000000000000000000000000-0000000000000000-01"},
      {"traceparent", "ff-" + TRACE_ID + "-00f067aa0ba902b7-01"},
      {"tracestate", "a=b"},
      {"baggage", "user_id=%zz,account_id=%E0%A4%A"},
      {"baggage", "=,;;==,,%"},
      {"baggage", "k=" + "v".repeat(7000)},
      {"baggage", "user_id=" + "x".repeat(102_400)},
      {"X-Request-Id", "\"quoted\\"},
      {"X-Request-Id", "r".repeat(5000)},
      {"contextkit-signature", "v1.k1.garbage"},
      {"baggage", "request_type=trace%0D%0AX-Injected: 1"}
    };
    for (String[] header : cases) {
      HttpResponse<String> response = Http.get(port, "/ctx", header[0], header[1]);
      assertThat(response.statusCode())
          .as("%s: %.40s", header[0], header[1])
          .isLessThan(500)
          .isNotEqualTo(0);
    }
  }

  @Test
  void rawCarriageReturnInHeaderNeverCauses5xx() throws Exception {
    String request =
        "GET /ctx HTTP/1.1\r\nHost: localhost\r\nbaggage: user_id=a\rb\r\n"
            + "X-Request-Id: x\u0001y\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      assertThat(status).startsWith("HTTP/1.1 ");
      assertThat(Integer.parseInt(status.substring(9, 12))).isLessThan(500);
    }
  }
}
