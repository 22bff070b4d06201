package io.contextkit.flags;

import io.contextkit.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * The {@link FlagContext} of a {@link RequestContext}, read straight from its fields (no map, no
 * copy): the direct-path counterpart of {@link RequestContextEvaluationContext}.
 *
 * <p>Targeting key: {@code user_id}, falling back to {@code account_id}. Attributes: {@code
 * user_id}, {@code account_id}, {@code license} (strings or absent), {@code tester} (boolean) and
 * {@code request_type} ({@code "STANDARD"} or {@code "TRACE"}).
 */
public final class RequestContextFlagContext implements FlagContext {

  /** Attribute: the user id. */
  public static final String USER_ID = "user_id";

  /** Attribute: the account id. */
  public static final String ACCOUNT_ID = "account_id";

  /** Attribute: the licence tier. */
  public static final String LICENSE = "license";

  /** Attribute: whether the account is a tester account. */
  public static final String TESTER = "tester";

  /** Attribute: {@code STANDARD} or {@code TRACE}. */
  public static final String REQUEST_TYPE = "request_type";

  private final RequestContext context;

  private RequestContextFlagContext(RequestContext context) {
    this.context = context;
  }

  /** A view of {@code context}. */
  public static FlagContext of(RequestContext context) {
    return new RequestContextFlagContext(context);
  }

  /** A view of {@link RequestContext#current()}. */
  public static FlagContext current() {
    return new RequestContextFlagContext(RequestContext.current());
  }

  /** The targeting key a request context yields: {@code user_id}, else {@code account_id}. */
  static @Nullable String targetingKeyOf(RequestContext context) {
    String user = context.userId();
    return user != null ? user : context.accountId();
  }

  @Override
  public @Nullable String targetingKey() {
    return targetingKeyOf(context);
  }

  @Override
  public @Nullable Object attribute(String name) {
    switch (name) {
      case "targetingKey":
        return targetingKeyOf(context);
      case USER_ID:
        return context.userId();
      case ACCOUNT_ID:
        return context.accountId();
      case LICENSE:
        return context.license();
      case TESTER:
        return context.tester();
      case REQUEST_TYPE:
        return context.requestType().name();
      default:
        return null;
    }
  }
}
