package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.InboundContext;
import io.contextkit.Refusal;
import io.contextkit.internal.RefusalLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the servlet side answers a refusal (400 malformed {@code request_type}, 403
 * untrusted TRACE, 503 TRACE switched off or an unguarded effect channel): the refusal's status, a
 * short fixed body (nothing from the request is echoed), {@code Cache-Control: no-store}, the
 * request id header the entry filter set (kept: the response is written here, never reset), and the
 * refusal counted and logged once ({@link RefusalLog}) with the request id and the peer.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class Responses {

  private Responses() {}

  /**
   * Answers {@code refusal} on {@code response}, which must not be committed.
   *
   * @param message the fixed body, never text taken from the request
   */
  public static void refuse(
      HttpServletRequest request, HttpServletResponse response, Refusal refusal, String message)
      throws IOException {
    refuse(request, response, refusal, message, List.of());
  }

  /**
   * Answers {@code refusal} on {@code response}, which must not be committed, and names in the
   * refusal line the authorities that would have permitted the request.
   *
   * @param message the fixed body, never text taken from the request
   * @param expectedAuthorities from the configuration, never from the request
   */
  public static void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      Refusal refusal,
      String message,
      List<String> expectedAuthorities)
      throws IOException {
    RefusalLog.refused(refusal, requestId(request), request.getRemoteAddr(), expectedAuthorities);
    response.setStatus(refusal.status());
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static @Nullable String requestId(HttpServletRequest request) {
    InboundContext inbound = InboundRequests.get(request);
    return inbound == null ? null : inbound.context().requestId();
  }
}
