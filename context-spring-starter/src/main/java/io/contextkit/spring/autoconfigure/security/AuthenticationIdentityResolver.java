package io.contextkit.spring.autoconfigure.security;

import io.contextkit.Identity;
import io.contextkit.config.IdentityRules;
import io.contextkit.spi.IdentityResolver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>This class only takes the name, the claims and the authorities out of the {@link
 * Authentication}; what they mean is decided by context-core's {@link IdentityRules}, the same on
 * Quarkus (which values make a tester, which values are left out, which authorities permit TRACE).
 * Values that are not valid context values (too long, control characters) are left out rather than
 * failing the request. Thread-safe and immutable.
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

  private final IdentityRules rules;

  /**
   * Creates a resolver that accepts {@code tracePermission} and {@code ROLE_} + {@code
   * tracePermission} as the TRACE permission.
   *
   * @param accountClaim claim or attribute holding the account id
   * @param testerClaim claim or attribute marking a tester account
   * @param licenseClaim claim or attribute holding the licence tier
   * @param testerAccounts account or user ids that are tester accounts
   * @param tracePermission the authority that permits TRACE requests
   * @throws IllegalArgumentException when a claim name or the permission is blank
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
   * @throws IllegalArgumentException when a claim name or the permission is blank
   */
  public AuthenticationIdentityResolver(
      String accountClaim,
      String testerClaim,
      String licenseClaim,
      Collection<String> testerAccounts,
      String tracePermission,
      String rolePrefix) {
    this(
        IdentityRules.of(
            accountClaim, testerClaim, licenseClaim, testerAccounts, tracePermission, rolePrefix));
  }

  /**
   * Creates a resolver applying {@code rules} (e.g. {@link
   * io.contextkit.config.ContextKitFactory#identityRules} of the application's settings).
   */
  public AuthenticationIdentityResolver(IdentityRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * The authorities any one of which permits TRACE requests: the permission and, with a role
   * prefix, the role of that name. For the refusal log line.
   */
  public List<String> traceAuthorities() {
    return rules.traceAuthorities();
  }

  @Override
  public Identity resolve(@Nullable Authentication authentication) {
    if (authentication == null
        || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return Identity.anonymous();
    }
    Map<String, Object> attributes = attributes(authentication.getPrincipal());
    return rules.identity(authentication.getName(), attributes::get, authorities(authentication));
  }

  private static List<@Nullable String> authorities(Authentication authentication) {
    Collection<? extends GrantedAuthority> granted = authentication.getAuthorities();
    if (granted == null || granted.isEmpty()) {
      return List.of();
    }
    List<@Nullable String> names = new ArrayList<>(granted.size());
    for (GrantedAuthority authority : granted) {
      names.add(authority == null ? null : authority.getAuthority());
    }
    return names;
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
}
