package io.contextkit.spring.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.Identity;
import io.contextkit.spi.IdentityResolver;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class ContextKitSecurityAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class, ContextKitSecurityAutoConfiguration.class));

  private static Authentication holding(String name, String... authorities) {
    return UsernamePasswordAuthenticationToken.authenticated(
        name, null, Arrays.stream(authorities).map(SimpleGrantedAuthority::new).toList());
  }

  @Test
  void suppliesTheResolverWithTheDefaultPermissionAndRolePrefix() {
    contextRunner.run(
        context ->
            assertThat(context.getBean(AuthenticationIdentityResolver.class).traceAuthorities())
                .containsExactly("CONTEXTKIT_TRACE", "ROLE_CONTEXTKIT_TRACE"));
  }

  @Test
  void anEmptyPermissionRolePrefixAcceptsOnlyTheExactAuthority() {
    contextRunner
        .withPropertyValues(
            "contextkit.trace.permission=TRACE_RUNNER", "contextkit.trace.permission-role-prefix=")
        .run(
            context -> {
              AuthenticationIdentityResolver resolver =
                  context.getBean(AuthenticationIdentityResolver.class);
              assertThat(resolver.traceAuthorities()).containsExactly("TRACE_RUNNER");
              assertThat(resolver.resolve(holding("alice", "TRACE_RUNNER")).tracePermitted())
                  .isTrue();
              assertThat(resolver.resolve(holding("bob", "ROLE_TRACE_RUNNER")).tracePermitted())
                  .isFalse();
            });
  }

  @Test
  void aConfiguredRolePrefixIsAcceptedBeforeThePermission() {
    contextRunner
        .withPropertyValues("contextkit.trace.permission-role-prefix=GROUP_")
        .run(
            context -> {
              AuthenticationIdentityResolver resolver =
                  context.getBean(AuthenticationIdentityResolver.class);
              assertThat(
                      resolver.resolve(holding("alice", "GROUP_CONTEXTKIT_TRACE")).tracePermitted())
                  .isTrue();
              assertThat(resolver.resolve(holding("bob", "ROLE_CONTEXTKIT_TRACE")).tracePermitted())
                  .isFalse();
            });
  }

  @Test
  void testerAccountsAndClaimNamesFillTheIdentity() {
    contextRunner
        .withPropertyValues(
            "contextkit.identity.account-claim=tenant",
            "contextkit.identity.tester-accounts=qa-acct, qa-user")
        .run(
            context -> {
              IdentityResolver<Authentication> resolver =
                  context.getBean(AuthenticationIdentityResolver.class);
              TestingAuthenticationToken claims =
                  new TestingAuthenticationToken(Map.of("tenant", "qa-acct"), null, "USER");
              claims.setAuthenticated(true);
              assertThat(resolver.resolve(claims).accountId()).isEqualTo("qa-acct");
              assertThat(resolver.resolve(claims).tester()).isTrue();
              assertThat(resolver.resolve(holding("qa-user")))
                  .isEqualTo(new Identity("qa-user", null, true, null, false));
              assertThat(resolver.resolve(holding("alice")).tester()).isFalse();
            });
  }

  @Test
  void aBlankPermissionFailsStartupNamingTheKey() {
    contextRunner
        .withPropertyValues("contextkit.trace.permission= ")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("contextkit.trace.permission")
                    .hasMessageContaining("must not be blank"));
  }

  @Test
  void backsOffForAnApplicationResolver() {
    contextRunner
        .withUserConfiguration(OwnResolver.class)
        .run(context -> assertThat(context).doesNotHaveBean(AuthenticationIdentityResolver.class));
  }

  @Test
  void isOffWithoutSpringSecurity() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(Authentication.class))
        .run(context -> assertThat(context).doesNotHaveBean(AuthenticationIdentityResolver.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnResolver {
    @Bean
    IdentityResolver<Authentication> ownResolver() {
      return authentication -> Identity.anonymous();
    }
  }
}
