package io.contextkit.spring.autoconfigure.security;

import io.contextkit.ContextField;
import io.contextkit.Identity;
import io.contextkit.spi.IdentityResolver;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.ClassUtils;

/**
 * The default {@link IdentityResolver} for Spring Security: the user is {@link
 * Authentication#getName()}; account, tester flag and licence come from the claims of a JWT or OIDC
 * principal, or from the attributes of an OAuth2 principal, under configurable names; a caller
 * holding the configured authority (or, by default, the role of that name: {@code
 * ROLE_CONTEXTKIT_TRACE}) may send TRACE requests. Anonymous and unauthenticated callers have no
 * identity.
 *
 * <p>Values that are not valid context values (too long, control characters) are left out rather
 * than failing the request. Thread-safe and immutable.
 *
 * <pre>{@code
 * new AuthenticationIdentityResolver("tenant", "tester", "plan", Set.of("qa-1"), "TRACE_ALLOWED")
 * }</pre>
 */
public final class AuthenticationIdentityResolver implements IdentityResolver<Authentication> {

  private static final boolean OAUTH2_PRESENT =
      ClassUtils.isPresent(
          "org.springframework.security.oauth2.core.ClaimAccessor",
          AuthenticationIdentityResolver.class.getClassLoader());

  private final String accountClaim;
  private final String testerClaim;
  private final String licenseClaim;
  private final Set<String> testerAccounts;
  private final List<String> traceAuthorities;

  /**
   * Creates a resolver that accepts {@code tracePermission} and {@code ROLE_} + {@code
   * tracePermission} as the TRACE permission.
   *
   * @param accountClaim claim or attribute holding the account id
   * @param testerClaim claim or attribute marking a tester account
   * @param licenseClaim claim or attribute holding the licence tier
   * @param testerAccounts account or user ids that are tester accounts
   * @param tracePermission the authority that permits TRACE requests
   */
  public AuthenticationIdentityResolver(
      String accountClaim,
      String testerClaim,
      String licenseClaim,
      Collection<String> testerAccounts,
      String tracePermission) {
    this(accountClaim, testerClaim, licenseClaim, testerAccounts, tracePermission, "ROLE_");
  }

  /**
   * Creates a resolver.
   *
   * @param accountClaim claim or attribute holding the account id
   * @param testerClaim claim or attribute marking a tester account
   * @param licenseClaim claim or attribute holding the licence tier
   * @param testerAccounts account or user ids that are tester accounts
   * @param tracePermission the authority that permits TRACE requests
   * @param rolePrefix a prefix under which {@code tracePermission} is accepted too ({@code ROLE_}
   *     for applications that grant roles); empty for the exact authority only
   */
  public AuthenticationIdentityResolver(
      String accountClaim,
      String testerClaim,
      String licenseClaim,
      Collection<String> testerAccounts,
      String tracePermission,
      String rolePrefix) {
    this.accountClaim = Objects.requireNonNull(accountClaim, "accountClaim");
    this.testerClaim = Objects.requireNonNull(testerClaim, "testerClaim");
    this.licenseClaim = Objects.requireNonNull(licenseClaim, "licenseClaim");
    this.testerAccounts = Set.copyOf(testerAccounts);
    Objects.requireNonNull(tracePermission, "tracePermission");
    Objects.requireNonNull(rolePrefix, "rolePrefix");
    this.traceAuthorities =
        rolePrefix.isEmpty() || tracePermission.startsWith(rolePrefix)
            ? List.of(tracePermission)
            : List.of(tracePermission, rolePrefix + tracePermission);
  }

  /**
   * The authorities any one of which permits TRACE requests: the permission and, with a role
   * prefix, the role of that name. For the refusal log line.
   */
  public List<String> traceAuthorities() {
    return traceAuthorities;
  }

  @Override
  public Identity resolve(@Nullable Authentication authentication) {
    if (authentication == null
        || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return Identity.anonymous();
    }
    Map<String, Object> attributes = attributes(authentication.getPrincipal());
    String user = valid(ContextField.USER_ID, authentication.getName());
    String account = valid(ContextField.ACCOUNT_ID, text(attributes.get(accountClaim)));
    String license = valid(ContextField.LICENSE, text(attributes.get(licenseClaim)));
    Object testerValue = attributes.get(testerClaim);
    boolean tester =
        Boolean.TRUE.equals(testerValue)
            || "true".equals(testerValue)
            || (account != null && testerAccounts.contains(account))
            || (user != null && testerAccounts.contains(user));
    return new Identity(user, account, tester, license, holds(authentication, traceAuthorities));
  }

  private static boolean holds(Authentication authentication, List<String> accepted) {
    Collection<? extends GrantedAuthority> authorities = authentication.getAuthorities();
    if (authorities == null) {
      return false;
    }
    for (GrantedAuthority granted : authorities) {
      String name = granted == null ? null : granted.getAuthority();
      if (name != null && accepted.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> attributes(@Nullable Object principal) {
    if (principal == null) {
      return Map.of();
    }
    if (OAUTH2_PRESENT) {
      Map<String, Object> fromOAuth2 = OAuth2Attributes.of(principal);
      if (fromOAuth2 != null) {
        return fromOAuth2;
      }
    }
    if (principal instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> cast = (Map<String, Object>) map;
      return cast;
    }
    return Map.of();
  }

  private static @Nullable String text(@Nullable Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list && list.size() == 1 && list.get(0) instanceof String s) {
      return s;
    }
    return null;
  }

  private static @Nullable String valid(ContextField field, @Nullable String value) {
    return value != null && field.isValid(value) ? value : null;
  }
}
