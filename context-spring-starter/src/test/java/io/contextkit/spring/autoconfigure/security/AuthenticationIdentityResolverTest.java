package io.contextkit.spring.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Which granted authorities count as the TRACE permission. */
class AuthenticationIdentityResolverTest {

  private static Authentication holding(String... authorities) {
    return UsernamePasswordAuthenticationToken.authenticated(
        "tess", null, Arrays.stream(authorities).map(SimpleGrantedAuthority::new).toList());
  }

  private static AuthenticationIdentityResolver resolver(String rolePrefix) {
    return new AuthenticationIdentityResolver(
        "account_id", "tester", "license", Set.of(), "CONTEXTKIT_TRACE", rolePrefix);
  }

  @Test
  void byDefaultTheAuthorityAndTheRoleOfThatNameBothPermitTrace() {
    AuthenticationIdentityResolver resolver = resolver("ROLE_");

    assertThat(resolver.resolve(holding("CONTEXTKIT_TRACE")).tracePermitted()).isTrue();
    assertThat(resolver.resolve(holding("ROLE_CONTEXTKIT_TRACE")).tracePermitted()).isTrue();
    assertThat(resolver.resolve(holding("ROLE_USER", "TRACE")).tracePermitted()).isFalse();
    assertThat(resolver.traceAuthorities())
        .containsExactly("CONTEXTKIT_TRACE", "ROLE_CONTEXTKIT_TRACE");
  }

  @Test
  void anEmptyPrefixAcceptsOnlyTheExactAuthority() {
    AuthenticationIdentityResolver resolver = resolver("");

    assertThat(resolver.resolve(holding("CONTEXTKIT_TRACE")).tracePermitted()).isTrue();
    assertThat(resolver.resolve(holding("ROLE_CONTEXTKIT_TRACE")).tracePermitted()).isFalse();
    assertThat(resolver.traceAuthorities()).containsExactly("CONTEXTKIT_TRACE");
  }

  @Test
  void aPermissionAlreadyNamedAsARoleIsNotPrefixedTwice() {
    AuthenticationIdentityResolver resolver =
        new AuthenticationIdentityResolver("a", "t", "l", List.of(), "ROLE_TRACE_TESTER", "ROLE_");

    assertThat(resolver.traceAuthorities()).containsExactly("ROLE_TRACE_TESTER");
    assertThat(resolver.resolve(holding("ROLE_TRACE_TESTER")).tracePermitted()).isTrue();
  }
}
