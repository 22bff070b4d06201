package io.contextkit.spring.autoconfigure.security;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/** Reads OAuth2 claims and attributes; loaded only when spring-security-oauth2-core is present. */
final class OAuth2Attributes {

  private OAuth2Attributes() {}

  static @Nullable Map<String, Object> of(Object principal) {
    if (principal instanceof ClaimAccessor claims) {
      return claims.getClaims();
    }
    if (principal instanceof OAuth2AuthenticatedPrincipal oauth2) {
      return oauth2.getAttributes();
    }
    return null;
  }
}
