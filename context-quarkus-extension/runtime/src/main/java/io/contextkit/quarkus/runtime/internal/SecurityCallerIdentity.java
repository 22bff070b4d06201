package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextField;
import io.contextkit.Identity;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the caller from Quarkus' {@link SecurityIdentity}: the principal name is {@code user_id};
 * account, tester and licence come from the identity attributes named in {@code
 * quarkus.contextkit.identity.*}; holding the role {@code quarkus.contextkit.trace.permission}
 * permits TRACE. Values that are not valid context values are ignored rather than failing the
 * request.
 */
@Singleton
public final class SecurityCallerIdentity implements CallerIdentity {

  private final SecurityIdentity identity;
  private final ContextKitRuntimeConfig config;

  @Inject
  SecurityCallerIdentity(SecurityIdentity identity, ContextKitRuntimeConfig config) {
    this.identity = identity;
    this.config = config;
  }

  @Override
  public Identity current() {
    if (identity.isAnonymous()) {
      return Identity.anonymous();
    }
    ContextKitRuntimeConfig.IdentityAttributes names = config.identity();
    String user = valid(ContextField.USER_ID, identity.getPrincipal().getName());
    String account = valid(ContextField.ACCOUNT_ID, attribute(names.accountClaim()));
    String license = valid(ContextField.LICENSE, attribute(names.licenseClaim()));
    boolean tester = "true".equals(attribute(names.testerClaim()));
    boolean trace = identity.hasRole(config.trace().permission());
    return new Identity(user, account, tester, license, trace);
  }

  @Override
  public List<String> traceRoles() {
    // Quarkus roles carry no prefix: the configured name is the role checked.
    return List.of(config.trace().permission());
  }

  private @Nullable String attribute(String name) {
    Object value = identity.getAttribute(name);
    return value == null ? null : value.toString();
  }

  private static @Nullable String valid(ContextField field, @Nullable String value) {
    return value != null && field.isValid(value) ? value : null;
  }
}
