package io.contextkit.trust;

import org.jspecify.annotations.Nullable;

/**
 * The context fields a {@link ContextSignature} binds: the privileged fields ({@code user_id},
 * {@code account_id}, {@code tester}, {@code license}, {@code request_type}) plus {@code trace_id}
 * and {@code request_id}, so that a signature cannot be replayed onto another trace or request.
 *
 * <p>Values are taken exactly as they travel: no trimming, no case folding. An absent field ({@code
 * null}) and an empty string are different values and sign differently. The context model converts
 * its {@code RequestContext} to and from this record; this type does not validate values because it
 * must be able to carry whatever an untrusted caller claimed, so that the claim can be checked
 * against a signature.
 *
 * @param traceId W3C trace id (32 lower-case hex characters when well-formed), or null
 * @param requestId request id, or null
 * @param userId user id, or null
 * @param accountId account (tenant) id, or null
 * @param tester whether the user is a tester account
 * @param license licence tier, or null
 * @param requestType {@code "STANDARD"} or {@code "TRACE"} as carried on the wire, or null
 */
public record SignedFields(
    @Nullable String traceId,
    @Nullable String requestId,
    @Nullable String userId,
    @Nullable String accountId,
    boolean tester,
    @Nullable String license,
    @Nullable String requestType) {

  private static final SignedFields EMPTY =
      new SignedFields(null, null, null, null, false, null, null);

  /** No fields at all: what a request with no context claims. */
  public static SignedFields empty() {
    return EMPTY;
  }
}
