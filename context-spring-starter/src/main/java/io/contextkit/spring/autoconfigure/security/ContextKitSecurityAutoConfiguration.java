package io.contextkit.spring.autoconfigure.security;

import io.contextkit.config.ContextKitFactory;
import io.contextkit.spi.IdentityResolver;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.internal.SpringSettings;
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
    // The one factory: a blank claim name or permission stops startup naming its key.
    return new AuthenticationIdentityResolver(
        SpringSettings.boot(
            () ->
                ContextKitFactory.identityRules(
                    SpringSettings.of(properties, null, null), SpringSettings.KEYS)));
  }
}
