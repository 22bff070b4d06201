package io.contextkit.quarkus.runtime.internal;

import io.contextkit.Identity;
import io.contextkit.config.IdentityRules;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the caller from Quarkus' {@link SecurityIdentity}: its principal name, the claims named in
 * {@code quarkus.contextkit.identity.*} (attributes of the identity, or claims of its JWT
 * principal) and its roles. What they mean (who is a tester, which values are left out, which roles
 * permit TRACE) is decided by context-core's {@link IdentityRules}, the same as in the Spring Boot
 * starter.
 */
@Singleton
public final class SecurityCallerIdentity implements CallerIdentity {

  private final SecurityIdentity identity;
  private final IdentityRules rules;

  @Inject
  SecurityCallerIdentity(SecurityIdentity identity, IdentityRules rules) {
    this.identity = identity;
    this.rules = rules;
  }

  @Override
  public Identity current() {
    if (identity.isAnonymous()) {
      return Identity.anonymous();
    }
    return rules.identity(identity.getPrincipal().getName(), this::claim, heldTraceRoles());
  }

  /**
   * An attribute of the identity (set by an identity provider or augmentor), else the claim of its
   * JWT principal (quarkus-smallrye-jwt, quarkus-oidc), where token claims live.
   */
  private @Nullable Object claim(String name) {
    Object attribute = identity.getAttribute(name);
    if (attribute != null || !JwtClaims.AVAILABLE) {
      return attribute;
    }
    return JwtClaims.claim(identity.getPrincipal(), name);
  }

  @Override
  public List<String> traceRoles() {
    return rules.traceAuthorities();
  }

  /**
   * The roles permitting TRACE that the caller holds, asked with {@code hasRole} rather than read
   * from {@code getRoles}: an identity may answer {@code hasRole} for roles it does not list.
   */
  private List<String> heldTraceRoles() {
    for (String role : rules.traceAuthorities()) {
      if (identity.hasRole(role)) {
        return List.of(role);
      }
    }
    return List.of();
  }
}
