package io.contextkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustedPeerScope;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextKitFactoryTest {

  private static final SettingKeys SPRING = SettingKeys.bracketed("contextkit.");
  private static final SettingKeys QUARKUS = SettingKeys.dotted("quarkus.contextkit.");

  /**
   * 32 bytes whose base64 holds both {@code +} and {@code /}, so base64url spells them {@code -_}.
   */
  private static final byte[] SECRET = new byte[32];

  static {
    for (int i = 0; i < SECRET.length; i++) {
      SECRET[i] = (byte) (0xFB + i * 7);
    }
  }

  @Test
  void readsASecretInBase64AndInBase64UrlAsTheSameBytes() {
    String basic = Base64.getEncoder().encodeToString(SECRET);
    String url = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
    assertThat(basic).containsAnyOf("+", "/");
    assertThat(url).containsAnyOf("-", "_");

    assertThat(ContextKitFactory.decodeSecret(basic)).isEqualTo(SECRET);
    assertThat(ContextKitFactory.decodeSecret(" " + url + " ")).isEqualTo(SECRET);
  }

  @Test
  void buildsASigningPropagatorFromABase64UrlKey() {
    String url = Base64.getUrlEncoder().encodeToString(SECRET);
    ContextPropagator propagator =
        ContextKitFactory.propagator(signing("k1", Map.of("k1", url)), QUARKUS);

    assertThat(propagator.trustPolicy().signature()).isPresent();
  }

  @Test
  void namesTheKeyOfAShortSecretWithoutItsValue() {
    ContextKitSettings settings = signing("k1", Map.of("k1", "c2hvcnQ="));

    assertThatThrownBy(() -> ContextKitFactory.propagator(settings, SPRING))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.key()).isEqualTo("contextkit.trust.signing.keys[k1]");
              assertThat(e.value()).isEqualTo(InvalidSettingException.REDACTED);
              assertThat(e.getMessage()).doesNotContain("c2hvcnQ=");
            });
    assertThatThrownBy(() -> ContextKitFactory.propagator(settings, QUARKUS))
        .hasMessageStartingWith("Invalid quarkus.contextkit.trust.signing.keys.k1: ")
        .hasMessageNotContaining("c2hvcnQ=");
  }

  @Test
  void refusesAnActiveKeyWithoutKeysAndKeysWithoutAnActiveKey() {
    String key = Base64.getEncoder().encodeToString(SECRET);
    assertThatThrownBy(() -> ContextKitFactory.propagator(signing(null, Map.of("k1", key)), SPRING))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> assertThat(e.key()).isEqualTo("contextkit.trust.signing.active-key-id"));
    assertThatThrownBy(() -> ContextKitFactory.propagator(signing("k1", Map.of()), QUARKUS))
        .hasMessageContaining("quarkus.contextkit.trust.signing.active-key-id");
  }

  @Test
  void namesTheListElementOfAnInvalidPeer() {
    ContextKitSettings settings =
        withTrust(
            new ContextKitSettings.Trust(
                List.of("10.0.0.0/8", "gateway.example.com"),
                List.of(),
                TrustedPeerScope.ALL_FIELDS,
                List.of(),
                TraceIdMode.RESTART,
                OutboundPolicy.TRACE_CONTEXT,
                ContextKitSettings.Signing.defaults()));

    assertThatThrownBy(() -> ContextKitFactory.propagator(settings, QUARKUS))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> assertThat(e.key()).isEqualTo("quarkus.contextkit.trust.trusted-peers[1]"));
  }

  @Test
  void refusesTheFullContextForThirdParties() {
    ContextKitSettings settings =
        withTrust(
            new ContextKitSettings.Trust(
                List.of(),
                List.of(),
                TrustedPeerScope.ALL_FIELDS,
                List.of(),
                TraceIdMode.RESTART,
                OutboundPolicy.FULL,
                ContextKitSettings.Signing.defaults()));

    assertThatThrownBy(() -> ContextKitFactory.propagator(settings, SPRING))
        .hasMessageStartingWith("Invalid contextkit.trust.third-party-policy: ");
  }

  @Test
  void usesConfiguredBaggageNamesAndALowerCaseRequestIdHeader() {
    ContextKitSettings defaults = ContextKitSettings.defaults();
    ContextKitSettings settings =
        new ContextKitSettings(
            "X-Correlation-Id",
            defaults.trust(),
            new ContextKitSettings.Baggage(
                64, 8192, 8192, new ContextKitSettings.Names("uid", "acct", "rt", "qa", "tier")),
            defaults.messaging(),
            defaults.trace(),
            defaults.identity());

    ContextPropagator propagator = ContextKitFactory.propagator(settings, SPRING);

    assertThat(propagator.requestIdHeader()).isEqualTo("x-correlation-id");
    Map<String, String> headers = new java.util.HashMap<>();
    RequestContext context =
        RequestContext.builder()
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .parentId("00f067aa0ba902b7")
            .requestId("req-1")
            .userId("alice")
            .accountId("acme")
            .build();
    propagator.inject(context, headers, Map::put, OutboundPolicy.FULL);
    assertThat(headers.get("baggage")).contains("uid=alice", "acct=acme").doesNotContain("user_id");
    assertThat(headers).containsEntry("x-correlation-id", "req-1");
  }

  @Test
  void ignoresBlankDestinationPatterns() {
    ContextKitSettings defaults = ContextKitSettings.defaults();
    ContextKitSettings settings =
        new ContextKitSettings(
            defaults.requestIdHeader(),
            defaults.trust(),
            defaults.baggage(),
            new ContextKitSettings.Messaging(List.of("orders.*", " ")),
            defaults.trace(),
            defaults.identity());

    assertThat(ContextKitFactory.messagingDestinations(settings, QUARKUS).patterns())
        .containsExactly("orders.*");
  }

  @Test
  void signingSettingsNeverPrintTheirSecrets() {
    assertThat(signing("k1", Map.of("k1", "top-secret-value")).toString())
        .doesNotContain("top-secret-value")
        .contains("k1");
  }

  private static ContextKitSettings signing(String active, Map<String, String> keys) {
    ContextKitSettings.Trust defaults = ContextKitSettings.Trust.defaults();
    return withTrust(
        new ContextKitSettings.Trust(
            defaults.trustedPeers(),
            defaults.trustedPeerNames(),
            defaults.trustedPeerScope(),
            defaults.internalHosts(),
            defaults.untrustedTraceIdMode(),
            defaults.thirdPartyPolicy(),
            new ContextKitSettings.Signing(
                active,
                keys,
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                Duration.ofSeconds(30))));
  }

  private static ContextKitSettings withTrust(ContextKitSettings.Trust trust) {
    ContextKitSettings defaults = ContextKitSettings.defaults();
    return new ContextKitSettings(
        defaults.requestIdHeader(),
        trust,
        defaults.baggage(),
        defaults.messaging(),
        defaults.trace(),
        defaults.identity());
  }
}
