package io.contextkit.spring.autoconfigure.web.internal;

import io.contextkit.Identity;
import io.contextkit.spi.IdentityResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The identity of the caller Spring Security authenticated for the current request; loaded only
 * when Spring Security is on the class path.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class SecurityIdentities implements Function<HttpServletRequest, Identity> {

  private final IdentityResolver<Authentication> resolver;

  public SecurityIdentities(IdentityResolver<Authentication> resolver) {
    this.resolver = resolver;
  }

  @Override
  public Identity apply(HttpServletRequest request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication == null ? Identity.anonymous() : resolver.resolve(authentication);
  }
}
