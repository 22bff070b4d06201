package io.contextkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.Identity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityRulesTest {

  private static final IdentityRules RULES =
      IdentityRules.of(
          "account_id",
          "tester",
          "license",
          List.of("qa-user", "qa-acct"),
          "CONTEXTKIT_TRACE",
          "ROLE_");

  private static Identity identity(String user, Map<String, ?> claims, String... authorities) {
    return RULES.identity(user, claims::get, Arrays.asList(authorities));
  }

  @Test
  void fillsUserAccountAndLicenceFromTheNameAndTheClaims() {
    Identity identity = identity("alice", Map.of("account_id", "acme", "license", "gold"));

    assertThat(identity).isEqualTo(new Identity("alice", "acme", false, "gold", false));
  }

  @Test
  void readsNumbersBooleansAndOneElementListsAsText() {
    assertThat(identity("alice", Map.of("account_id", 42L, "license", List.of("gold"))))
        .isEqualTo(new Identity("alice", "42", false, "gold", false));
    assertThat(identity("alice", Map.of("account_id", true)).accountId()).isEqualTo("true");
  }

  @Test
  void leavesOutClaimsOfOtherShapes() {
    Identity identity =
        identity(
            "alice",
            Map.of(
                "account_id", List.of("a", "b"), "license", Set.of("gold"), "tester", List.of()));

    assertThat(identity).isEqualTo(new Identity("alice", null, false, null, false));
  }

  @Test
  void aTesterClaimOfTrueMakesATester() {
    assertThat(identity("alice", Map.of("tester", true)).tester()).isTrue();
    assertThat(identity("alice", Map.of("tester", "true")).tester()).isTrue();
  }

  @Test
  void aTesterClaimOtherThanTrueDoesNotMakeATester() {
    for (Object value : List.of("false", false, "TRUE", "yes", 1, List.of("true"))) {
      assertThat(identity("alice", Map.of("tester", value)).tester()).as("%s", value).isFalse();
    }
    assertThat(identity("alice", Map.of()).tester()).isFalse();
  }

  @Test
  void aTesterAccountMatchesByUserOrAccount() {
    assertThat(identity("qa-user", Map.of()).tester()).isTrue();
    assertThat(identity("alice", Map.of("account_id", "qa-acct")).tester()).isTrue();
    assertThat(identity("alice", Map.of("account_id", "acme")).tester()).isFalse();
  }

  @Test
  void dropsInvalidValuesInsteadOfFailing() {
    Identity identity =
        identity(
            "ali\nce",
            Map.of("account_id", "ac\u0007me", "license", "x".repeat(10_000)),
            "CONTEXTKIT_TRACE");

    assertThat(identity).isEqualTo(new Identity(null, null, false, null, true));
  }

  @Test
  void anAccountDroppedAsInvalidIsNotATesterAccount() {
    IdentityRules rules =
        IdentityRules.of("account_id", "tester", "license", List.of("qa\u0000"), "T", "");

    assertThat(rules.identity("alice", Map.of("account_id", "qa\u0000")::get, List.of()).tester())
        .isFalse();
  }

  @Test
  void byDefaultTheAuthorityAndTheRoleOfThatNamePermitTrace() {
    assertThat(RULES.tracePermitted(List.of("CONTEXTKIT_TRACE"))).isTrue();
    assertThat(RULES.tracePermitted(List.of("ROLE_CONTEXTKIT_TRACE"))).isTrue();
    assertThat(RULES.tracePermitted(List.of("ROLE_USER", "TRACE", "contextkit_trace"))).isFalse();
    assertThat(RULES.traceAuthorities())
        .containsExactly("CONTEXTKIT_TRACE", "ROLE_CONTEXTKIT_TRACE");
  }

  @Test
  void anEmptyPrefixAcceptsOnlyTheExactAuthority() {
    IdentityRules rules = IdentityRules.of("a", "t", "l", List.of(), "CONTEXTKIT_TRACE", "");

    assertThat(rules.tracePermitted(List.of("CONTEXTKIT_TRACE"))).isTrue();
    assertThat(rules.tracePermitted(List.of("ROLE_CONTEXTKIT_TRACE"))).isFalse();
    assertThat(rules.traceAuthorities()).containsExactly("CONTEXTKIT_TRACE");
  }

  @Test
  void aPermissionAlreadyNamedWithThePrefixIsNotPrefixedTwice() {
    IdentityRules rules = IdentityRules.of("a", "t", "l", List.of(), "ROLE_TRACER", "ROLE_");

    assertThat(rules.traceAuthorities()).containsExactly("ROLE_TRACER");
    assertThat(rules.tracePermitted(List.of("ROLE_ROLE_TRACER"))).isFalse();
  }

  @Test
  void skipsNullAuthorities() {
    List<String> authorities = new ArrayList<>();
    authorities.add(null);
    assertThat(RULES.tracePermitted(authorities)).isFalse();
    authorities.add("CONTEXTKIT_TRACE");
    assertThat(RULES.tracePermitted(authorities)).isTrue();
  }

  @Test
  void refusesBlankClaimNamesAndPermission() {
    assertThatThrownBy(() -> IdentityRules.of(" ", "t", "l", List.of(), "P", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accountClaim");
    assertThatThrownBy(() -> IdentityRules.of("a", "t", "l", List.of(), "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tracePermission");
  }

  @Test
  void theFactoryNamesTheFullKeyOfABlankSetting() {
    ContextKitSettings defaults = ContextKitSettings.defaults();
    ContextKitSettings blankTester =
        withIdentity(new ContextKitSettings.Identity("account_id", " ", "license", List.of()));
    ContextKitSettings.Trace trace = defaults.trace();
    ContextKitSettings blankPermission =
        new ContextKitSettings(
            defaults.requestIdHeader(),
            defaults.trust(),
            defaults.baggage(),
            defaults.messaging(),
            new ContextKitSettings.Trace(
                trace.safeHosts(),
                trace.syntheticResponses(),
                trace.capturedDestinations(),
                "",
                "ROLE_"),
            defaults.identity());

    assertThatThrownBy(
            () ->
                ContextKitFactory.identityRules(
                    blankTester, SettingKeys.dotted("quarkus.contextkit.")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("Invalid quarkus.contextkit.identity.tester-claim: must not be blank");
    assertThatThrownBy(
            () ->
                ContextKitFactory.identityRules(
                    blankPermission, SettingKeys.bracketed("contextkit.")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("Invalid contextkit.trace.permission: must not be blank");
  }

  @Test
  void theFactoryBuildsTheRulesOfTheSettings() {
    IdentityRules rules =
        ContextKitFactory.identityRules(
            withIdentity(new ContextKitSettings.Identity("tenant", "qa", "plan", List.of("bob"))),
            SettingKeys.bracketed("contextkit."));

    assertThat(
            rules.identity(
                "bob",
                Map.of("tenant", "acme", "plan", "gold")::get,
                List.of("ROLE_CONTEXTKIT_TRACE")))
        .isEqualTo(new Identity("bob", "acme", true, "gold", true));
    assertThat(
            ContextKitFactory.identityRules(
                    ContextKitSettings.defaults(), SettingKeys.bracketed("contextkit."))
                .traceAuthorities())
        .containsExactly("CONTEXTKIT_TRACE", "ROLE_CONTEXTKIT_TRACE");
  }

  private static ContextKitSettings withIdentity(ContextKitSettings.Identity identity) {
    ContextKitSettings defaults = ContextKitSettings.defaults();
    return new ContextKitSettings(
        defaults.requestIdHeader(),
        defaults.trust(),
        defaults.baggage(),
        defaults.messaging(),
        defaults.trace(),
        identity);
  }
}
