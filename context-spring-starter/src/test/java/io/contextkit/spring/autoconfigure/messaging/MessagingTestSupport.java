package io.contextkit.spring.autoconfigure.messaging;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.w3c.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** What the broker tests share: the deployment's propagator, contexts, and what a listener saw. */
public final class MessagingTestSupport {

  /** The shared signing secret of "the deployment" the tests simulate. */
  private static final byte[] SECRET =
      "contextkit-messaging-test-secret-0123456789".getBytes(StandardCharsets.US_ASCII);

  private MessagingTestSupport() {}

  /**
   * The propagator every service of the test deployment uses: it signs what it sends to internal
   * destinations and accepts what carries a valid signature.
   */
  public static ContextPropagator deploymentPropagator() {
    return ContextPropagator.builder()
        .trustPolicy(TrustPolicy.builder().signingKeys(SigningKeys.of("k1", SECRET)).build())
        .build();
  }

  /**
   * The deployment's propagator with its clock at {@code now}, for a message produced long ago (a
   * consumer that lags behind).
   */
  public static ContextPropagator deploymentPropagatorAt(Instant now) {
    return ContextPropagator.builder()
        .trustPolicy(
            TrustPolicy.builder()
                .signature(
                    ContextSignature.builder(SigningKeys.of("k1", SECRET))
                        .clock(Clock.fixed(now, ZoneOffset.UTC))
                        .build())
                .build())
        .build();
  }

  /** A fresh context of an authenticated user, as a request entering the producer would have. */
  public static RequestContext userContext(String userId) {
    return RequestContext.builder()
        .traceId(Ids.randomTraceId())
        .parentId(Ids.randomSpanId())
        .traceFlags((byte) 1)
        .requestId("req-" + Ids.randomSpanId())
        .userId(userId)
        .accountId("acct-" + userId)
        .build();
  }

  /** Takes the next element or fails after {@code seconds}. */
  public static <T> T take(BlockingQueue<T> queue, int seconds) throws InterruptedException {
    T value = queue.poll(seconds, TimeUnit.SECONDS);
    if (value == null) {
      throw new AssertionError("nothing arrived within " + seconds + " s");
    }
    return value;
  }

  /**
   * What a listener saw while handling one message: the current context and the MDC.
   *
   * @param label the message payload, naming the message
   * @param traceId the current trace id
   * @param requestId the current request id
   * @param userId the current user id
   * @param mdcRequestId {@code request_id} in the MDC
   * @param mdcUserId {@code user_id} in the MDC
   * @param thread the listener thread
   */
  public record Seen(
      String label,
      @Nullable String traceId,
      @Nullable String requestId,
      @Nullable String userId,
      @Nullable String mdcRequestId,
      @Nullable String mdcUserId,
      String thread) {

    /** Captures the current state of this thread for the message {@code label}. */
    public static Seen now(String label) {
      RequestContext current = RequestContext.current();
      return new Seen(
          label,
          current.traceId(),
          current.requestId(),
          current.userId(),
          MDC.get("request_id"),
          MDC.get("user_id"),
          Thread.currentThread().getName());
    }
  }
}
