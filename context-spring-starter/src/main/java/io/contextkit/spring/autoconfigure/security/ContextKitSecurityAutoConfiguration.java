package io.contextkit.spring.autoconfigure.security;

import io.contextkit.spi.IdentityResolver;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;

/**
 * Auto-configuration of the default {@code IdentityResolver<Authentication>} when Spring Security
 * is on the class path. An application maps its own claims by declaring its own {@link
 * IdentityResolver} bean.
 */
@AutoConfiguration(after = ContextKitAutoConfiguration.class)
@ConditionalOnClass(Authentication.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
public final class ContextKitSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(IdentityResolver.class)
  AuthenticationIdentityResolver contextKitIdentityResolver(ContextKitProperties properties) {
    ContextKitProperties.Identity identity = properties.getIdentity();
    return new AuthenticationIdentityResolver(
        identity.getAccountClaim(),
        identity.getTesterClaim(),
        identity.getLicenseClaim(),
        identity.getTesterAccounts(),
        properties.getTrace().getPermission(),
        properties.getTrace().getPermissionRolePrefix());
  }
}
