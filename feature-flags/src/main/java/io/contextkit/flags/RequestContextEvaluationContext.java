package io.contextkit.flags;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.TransactionContextPropagator;
import dev.openfeature.sdk.Value;
import io.contextkit.RequestContext;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OpenFeature evaluation context of the current request, and propagates it as the
 * OpenFeature <em>transaction context</em>.
 *
 * <p>Register it once: {@code api.setTransactionContextPropagator(new
 * RequestContextEvaluationContext())}. Every evaluation then sees {@code targetingKey} = {@code
 * user_id} (falling back to {@code account_id}) and the attributes {@code user_id}, {@code
 * account_id}, {@code license}, {@code tester} and {@code request_type}. Because OpenFeature merges
 * API, transaction, client, then invocation context, anything the caller passes on the client or
 * the call wins over these values. A context set explicitly with {@code
 * api.setTransactionContext(..)} is kept for the calling thread and wins over the request context
 * as well.
 *
 * <p>The context built for a {@code RequestContext} is cached (one entry), so repeated evaluations
 * in one request build it once. Thread-safe.
 */
public final class RequestContextEvaluationContext implements TransactionContextPropagator {

  private final ThreadLocal<@Nullable EvaluationContext> explicit = new ThreadLocal<>();
  private volatile @Nullable Cached cached;

  /** The evaluation context of {@code context}; empty attributes for the empty context. */
  public static EvaluationContext from(RequestContext context) {
    Map<String, Value> attributes = new HashMap<>();
    put(attributes, RequestContextFlagContext.USER_ID, context.userId());
    put(attributes, RequestContextFlagContext.ACCOUNT_ID, context.accountId());
    put(attributes, RequestContextFlagContext.LICENSE, context.license());
    attributes.put(RequestContextFlagContext.TESTER, new Value(context.tester()));
    attributes.put(RequestContextFlagContext.REQUEST_TYPE, new Value(context.requestType().name()));
    String targetingKey = RequestContextFlagContext.targetingKeyOf(context);
    return targetingKey == null
        ? new ImmutableContext(attributes)
        : new ImmutableContext(targetingKey, attributes);
  }

  private static void put(Map<String, Value> attributes, String key, @Nullable String value) {
    if (value != null) {
      attributes.put(key, new Value(value));
    }
  }

  @Override
  public EvaluationContext getTransactionContext() {
    RequestContext request = RequestContext.current();
    Cached c = cached;
    EvaluationContext fromRequest;
    if (c != null && c.request == request) {
      fromRequest = c.context;
    } else {
      fromRequest = from(request);
      cached = new Cached(request, fromRequest);
    }
    EvaluationContext set = explicit.get();
    return set == null ? fromRequest : fromRequest.merge(set);
  }

  @Override
  public void setTransactionContext(EvaluationContext evaluationContext) {
    explicit.set(evaluationContext);
  }

  /** Forgets a context set with {@link #setTransactionContext} on the calling thread. */
  public void clearTransactionContext() {
    explicit.remove();
  }

  private static final class Cached {
    final RequestContext request;
    final EvaluationContext context;

    Cached(RequestContext request, EvaluationContext context) {
      this.request = request;
      this.context = context;
    }
  }
}
