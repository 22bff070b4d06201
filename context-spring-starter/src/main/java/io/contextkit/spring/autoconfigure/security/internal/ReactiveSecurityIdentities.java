package io.contextkit.spring.autoconfigure.security.internal;

import io.contextkit.Identity;
import io.contextkit.spi.IdentityResolver;
import java.security.Principal;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The identity of the caller Spring Security authenticated for a reactive exchange: the {@link
 * Authentication} of {@link ReactiveSecurityContextHolder}, else the exchange's principal when it
 * is an {@code Authentication} (an application authenticating outside Spring Security's filter
 * chain). Resolved by the same {@link IdentityResolver} as on the servlet side. Empty for an
 * anonymous caller. Loaded only when Spring Security and WebFlux are on the class path.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ReactiveSecurityIdentities
    implements Function<ServerWebExchange, Mono<Identity>> {

  private final IdentityResolver<Authentication> resolver;

  public ReactiveSecurityIdentities(IdentityResolver<Authentication> resolver) {
    this.resolver = resolver;
  }

  @Override
  public Mono<Identity> apply(ServerWebExchange exchange) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(SecurityContext::getAuthentication)
        .switchIfEmpty(
            exchange.getPrincipal().mapNotNull(ReactiveSecurityIdentities::authentication))
        .map(resolver::resolve);
  }

  private static @Nullable Authentication authentication(Principal principal) {
    return principal instanceof Authentication authentication ? authentication : null;
  }
}
