package io.contextkit;

import org.jspecify.annotations.Nullable;

/**
 * Who an authenticated caller is, as an {@link io.contextkit.spi.IdentityResolver} derives it from
 * a framework's principal. Applied to an inbound context with {@link
 * InboundContext#withIdentity(Identity)}.
 *
 * @param userId the user, or {@code null}
 * @param accountId the account (tenant), or {@code null}
 * @param tester whether the account is a tester account
 * @param license the licence tier, or {@code null}
 * @param tracePermitted whether the caller holds the permission to send TRACE requests
 */
public record Identity(
    @Nullable String userId,
    @Nullable String accountId,
    boolean tester,
    @Nullable String license,
    boolean tracePermitted) {

  private static final Identity ANONYMOUS = new Identity(null, null, false, null, false);

  /**
   * Validates every field like {@link RequestContext.Builder} does.
   *
   * @throws IllegalArgumentException naming the invalid field
   */
  public Identity {
    check(ContextField.USER_ID, userId);
    check(ContextField.ACCOUNT_ID, accountId);
    check(ContextField.LICENSE, license);
  }

  /** No identity: what an unauthenticated request has. */
  public static Identity anonymous() {
    return ANONYMOUS;
  }

  private static void check(ContextField field, @Nullable String value) {
    if (value != null && !field.isValid(value)) {
      throw new IllegalArgumentException("invalid " + field.key());
    }
  }
}
