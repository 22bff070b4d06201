package io.contextkit.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.contextkit.ContextPropagator;
import io.contextkit.Identity;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.config.ContextKitFactory;
import io.contextkit.config.ContextKitSettings;
import io.contextkit.config.IdentityRules;
import io.contextkit.config.InvalidSettingException;
import io.contextkit.config.SettingKeys;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.SyntheticResponse;
import io.contextkit.noop.TraceGuardFactory;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.MessagingDestinations;
import io.contextkit.trust.OutboundPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same property set means the same on Spring Boot and on Quarkus: for every set of the corpus,
 * both stacks bind it onto equal settings, and the propagator, trust policy, TRACE guards and
 * messaging trust boundary built from each make identical decisions on a corpus of inbound header
 * sets, outbound hosts and message destinations, and the identity rules make the same identity of a
 * corpus of authenticated callers (name, claims, authorities). An invalid set fails on both, naming
 * the same key with the same reason.
 */
class ConfigurationParityTest {

  private static final SettingKeys SPRING_KEYS = SettingKeys.bracketed("contextkit.");
  private static final SettingKeys QUARKUS_KEYS = SettingKeys.dotted("quarkus.contextkit.");

  /**
   * 32 bytes whose base64 has {@code +} and {@code /}, so its base64url has {@code -} and {@code
   * _}.
   */
  private static final byte[] SECRET = new byte[32];

  static {
    for (int i = 0; i < SECRET.length; i++) {
      SECRET[i] = (byte) (0xFB + i * 7);
    }
  }

  private static final String BASE64 = Base64.getEncoder().encodeToString(SECRET);
  private static final String BASE64URL =
      Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  static Stream<Arguments> validSets() {
    return Stream.of(
        set("defaults", Map.of()),
        set(
            "trusted peers, peer names and internal hosts",
            Map.of(
                "trust.trusted-peers", "10.0.0.0/8, ::1",
                "trust.trusted-peer-names", "spiffe://cluster/ns/gateway",
                "trust.internal-hosts", "*.svc.cluster.local,localhost:8080")),
        set(
            "trace-and-request-id scope, continued trace ids, traceparent only to third parties",
            Map.of(
                "trust.trusted-peers", "10.0.0.0/8",
                "trust.trusted-peer-scope", "trace-and-request-id",
                "trust.untrusted-trace-id-mode", "continue",
                "trust.third-party-policy", "traceparent-only",
                "trust.internal-hosts", "*.svc.cluster.local")),
        set("nothing to third parties", Map.of("trust.third-party-policy", "none")),
        set(
            "signing key in base64",
            Map.of(
                "trust.signing.keys.k1", BASE64,
                "trust.signing.active-key-id", "k1",
                "trust.signing.ttl", "90s",
                "trust.signing.messaging-ttl", "6h",
                "trust.signing.clock-skew", "5s")),
        set(
            "signing key in base64url next to a retired base64 key",
            Map.of(
                "trust.signing.keys.k2", BASE64URL,
                "trust.signing.keys.k1", BASE64,
                "trust.signing.active-key-id", "k2")),
        set(
            "baggage names and a mixed-case request id header",
            Map.of(
                "baggage.names.user-id", "uid",
                "baggage.names.account-id", "acct",
                "baggage.names.request-type", "rt",
                "request-id-header", "X-Correlation-Id",
                "trust.trusted-peers", "10.0.0.0/8",
                "trust.internal-hosts", "*.svc.cluster.local")),
        set(
            "tight baggage limits",
            Map.of(
                "baggage.max-members", "2",
                "baggage.max-bytes", "64",
                "baggage.max-value-bytes", "8",
                "trust.trusted-peers", "10.0.0.0/8",
                "trust.internal-hosts", "*.svc.cluster.local")),
        set(
            "overlapping synthetic responses, declared general first, and a safe host",
            Map.of(
                "trust.internal-hosts", "*.svc.cluster.local",
                "trace.safe-hosts", "maps.example.com",
                "trace.synthetic-responses[*.com].status", "204",
                "trace.synthetic-responses[*.stripe.com].status", "200",
                "trace.synthetic-responses[*.stripe.com].body", "{\"generic\":true}",
                "trace.synthetic-responses[api.stripe.com].status", "201",
                "trace.synthetic-responses[api.stripe.com].content-type", "text/plain",
                "trace.synthetic-responses[api.stripe.com].body", "specific")),
        set(
            "claim names, tester accounts and the exact permission only",
            Map.of(
                "identity.account-claim", "tenant",
                "identity.tester-claim", "qa",
                "identity.license-claim", "plan",
                "identity.tester-accounts", "qa-user, qa-acct",
                "trace.permission", "TRACE_RUNNER",
                "trace.permission-role-prefix", "")),
        set(
            "tester accounts with the default claims and a custom role prefix",
            Map.of(
                "identity.tester-accounts", "acme",
                "trace.permission", "TRACER",
                "trace.permission-role-prefix", "GROUP_")),
        set("a permission already named as a role", Map.of("trace.permission", "ROLE_TRACER")),
        set(
            "internal and captured destinations with wildcards anywhere",
            Map.of(
                "messaging.internal-destinations", "orders.*, audit,*-internal,events.*.created",
                "trace.captured-destinations", "orders.secret.*")));
  }

  static Stream<Arguments> invalidSets() {
    return Stream.of(
        invalid(
            "a host name as trusted peer",
            Map.of("trust.trusted-peers", "10.0.0.1,gw.example"),
            "trust.trusted-peers.1"),
        invalid(
            "an invalid internal host",
            Map.of("trust.internal-hosts", "10.0.0.0/99"),
            "trust.internal-hosts.0"),
        invalid(
            "a short secret",
            Map.of("trust.signing.keys.k1", "c2hvcnQ=", "trust.signing.active-key-id", "k1"),
            "trust.signing.keys.k1"),
        invalid(
            "keys without an active key",
            Map.of("trust.signing.keys.k1", BASE64),
            "trust.signing.active-key-id"),
        invalid(
            "an active key without keys",
            Map.of("trust.signing.active-key-id", "k1"),
            "trust.signing.active-key-id"),
        invalid(
            "a messaging ttl beyond one day",
            Map.of(
                "trust.signing.keys.k1",
                BASE64,
                "trust.signing.active-key-id",
                "k1",
                "trust.signing.messaging-ttl",
                "2d"),
            "trust.signing.messaging-ttl"),
        invalid("a baggage limit of zero", Map.of("baggage.max-bytes", "0"), "baggage"),
        invalid(
            "a synthetic status out of range",
            Map.of("trace.synthetic-responses[*.stripe.com].status", "700"),
            "trace.synthetic-responses.*.stripe.com.status"),
        invalid(
            "an invalid safe host",
            Map.of("trace.safe-hosts", "10.0.0.0/99"),
            "trace.safe-hosts.0"),
        invalid(
            "a blank account claim",
            Map.of("identity.account-claim", " "),
            "identity.account-claim"),
        invalid(
            "a blank tester claim next to tester accounts",
            Map.of("identity.tester-claim", " ", "identity.tester-accounts", "qa-user"),
            "identity.tester-claim"),
        invalid("a blank TRACE permission", Map.of("trace.permission", " "), "trace.permission"),
        invalid(
            "two fields sharing one baggage name",
            Map.of("baggage.names.user-id", "who", "baggage.names.account-id", "who"),
            "baggage.names"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSets")
  void bothStacksBindTheSameSettings(Map<String, String> properties) {
    assertThat(Stacks.quarkus(properties)).isEqualTo(Stacks.spring(properties));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSets")
  void bothStacksDecideTheSameForEveryInboundHeaderSet(Map<String, String> properties) {
    Built spring = Built.of(Stacks.spring(properties), SPRING_KEYS);
    Built quarkus = Built.of(Stacks.quarkus(properties), QUARKUS_KEYS);
    for (Map<String, String> headers : inboundHeaderSets(spring.propagator, quarkus.propagator)) {
      for (InboundPeer peer : PEERS) {
        assertThat(inbound(quarkus.propagator, headers, peer))
            .as("%s from %s", headers, peer)
            .isEqualTo(inbound(spring.propagator, headers, peer));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSets")
  void bothStacksSendTheSameHeadersAndSyntheticResponses(Map<String, String> properties) {
    Built spring = Built.of(Stacks.spring(properties), SPRING_KEYS);
    Built quarkus = Built.of(Stacks.quarkus(properties), QUARKUS_KEYS);
    for (String host : HOSTS) {
      URI uri = URI.create(host);
      assertThat(outbound(quarkus.propagator, uri))
          .as("headers to %s", uri)
          .isEqualTo(outbound(spring.propagator, uri));
      assertThat(guard(quarkus.outbound, uri))
          .as("TRACE decision for %s", uri)
          .isEqualTo(guard(spring.outbound, uri));
    }
    for (String destination : DESTINATIONS) {
      assertThat(messaging(quarkus, destination))
          .as("message to %s", destination)
          .isEqualTo(messaging(spring, destination));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSets")
  void bothStacksMakeTheSameIdentityOfEveryCaller(Map<String, String> properties) {
    IdentityRules spring = Built.of(Stacks.spring(properties), SPRING_KEYS).identities;
    IdentityRules quarkus = Built.of(Stacks.quarkus(properties), QUARKUS_KEYS).identities;
    assertThat(quarkus.traceAuthorities()).isEqualTo(spring.traceAuthorities());
    for (Caller caller : CALLERS) {
      assertThat(caller.identity(quarkus)).as("%s", caller).isEqualTo(caller.identity(spring));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSets")
  void bothStacksRefuseAnInvalidSetNamingTheSameKey(
      Map<String, String> properties, String expectedKey) {
    InvalidSettingException spring = refusal(Stacks.spring(properties), SPRING_KEYS);
    InvalidSettingException quarkus = refusal(Stacks.quarkus(properties), QUARKUS_KEYS);

    assertThat(spring.key()).startsWith("contextkit.");
    assertThat(quarkus.key()).startsWith("quarkus.contextkit.");
    assertThat(relative(spring.key())).isEqualTo(expectedKey);
    assertThat(relative(quarkus.key())).isEqualTo(expectedKey);
    assertThat(quarkus.reason().replace("quarkus.contextkit.", "contextkit."))
        .isEqualTo(spring.reason());
    assertThat(spring.getMessage()).doesNotContain("c2hvcnQ=");
    assertThat(quarkus.getMessage()).doesNotContain("c2hvcnQ=");
  }

  // The decisions the corpus must reach, not only reach alike.

  @Test
  void aBase64UrlKeySignsAndItsSignatureVerifiesOnTheOtherStack() {
    Map<String, String> properties =
        Map.of("trust.signing.keys.k2", BASE64URL, "trust.signing.active-key-id", "k2");
    ContextPropagator spring = Built.of(Stacks.spring(properties), SPRING_KEYS).propagator;
    ContextPropagator quarkus = Built.of(Stacks.quarkus(properties), QUARKUS_KEYS).propagator;

    Map<String, String> signedBySpring = injected(spring, OutboundPolicy.FULL);
    assertThat(signedBySpring).containsKey("contextkit-signature");
    assertThat(inbound(quarkus, signedBySpring, STRANGER)).contains("VALID_SIGNATURE", "alice");
    assertThat(inbound(spring, injected(quarkus, OutboundPolicy.FULL), STRANGER))
        .contains("VALID_SIGNATURE", "alice");
  }

  @Test
  void theMostSpecificSyntheticResponseWinsWhateverTheDeclarationOrder() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("trace.synthetic-responses[*.stripe.com].status", "200");
    properties.put("trace.synthetic-responses[api.stripe.com].status", "201");
    for (ContextKitSettings settings :
        List.of(Stacks.spring(properties), Stacks.quarkus(properties))) {
      Built built = Built.of(settings, SPRING_KEYS);
      assertThat(guard(built.outbound, URI.create("https://api.stripe.com/v1/charges")))
          .startsWith("SUPPRESS 201");
      assertThat(guard(built.outbound, URI.create("https://pay.stripe.com/")))
          .startsWith("SUPPRESS 200");
      assertThat(guard(built.outbound, URI.create("https://partner.example/")))
          .startsWith("SUPPRESS 202");
    }
  }

  @Test
  void configuredBaggageNamesAreWrittenOnBothStacks() {
    Map<String, String> properties =
        Map.of("baggage.names.user-id", "uid", "request-id-header", "X-Correlation-Id");
    for (ContextKitSettings settings :
        List.of(Stacks.spring(properties), Stacks.quarkus(properties))) {
      Map<String, String> headers =
          injected(Built.of(settings, SPRING_KEYS).propagator, OutboundPolicy.FULL);
      assertThat(headers.get("baggage")).contains("uid=alice").doesNotContain("user_id");
      assertThat(headers).containsEntry("x-correlation-id", "req-1");
    }
  }

  @Test
  void destinationPatternsUseOneGrammarOnBothStacks() {
    Map<String, String> properties =
        Map.of(
            "messaging.internal-destinations", "events.*.created",
            "trace.captured-destinations", "events.secret.*");
    for (ContextKitSettings settings :
        List.of(Stacks.spring(properties), Stacks.quarkus(properties))) {
      Built built = Built.of(settings, SPRING_KEYS);
      assertThat(messaging(built, "events.eu.created")).isEqualTo("FULL FORWARD_AS_TRACE");
      assertThat(messaging(built, "events.secret.created")).isEqualTo("FULL CAPTURE");
      assertThat(messaging(built, "events.eu.paid")).isEqualTo("TRACE_CONTEXT CAPTURE");
    }
  }

  @Test
  void testerAccountsAndTheRolePrefixDecideAlikeOnBothStacks() {
    Map<String, String> properties =
        Map.of(
            "identity.tester-accounts", "qa-user, qa-acct",
            "trace.permission", "TRACE_RUNNER",
            "trace.permission-role-prefix", "");
    for (ContextKitSettings settings :
        List.of(Stacks.spring(properties), Stacks.quarkus(properties))) {
      IdentityRules rules = Built.of(settings, SPRING_KEYS).identities;
      assertThat(new Caller("qa-user", Map.of(), List.of()).identity(rules).tester()).isTrue();
      assertThat(new Caller("bob", Map.of("account_id", "qa-acct"), List.of()).identity(rules))
          .isEqualTo(new Identity("bob", "qa-acct", true, null, false));
      assertThat(new Caller("bob", Map.of(), List.of("TRACE_RUNNER")).identity(rules))
          .isEqualTo(new Identity("bob", null, false, null, true));
      assertThat(rules.tracePermitted(List.of("ROLE_TRACE_RUNNER"))).isFalse();
    }
  }

  @Test
  void byDefaultTheRoleOfThePermissionPermitsTraceOnBothStacks() {
    for (ContextKitSettings settings : List.of(Stacks.spring(Map.of()), Stacks.quarkus(Map.of()))) {
      IdentityRules rules = Built.of(settings, SPRING_KEYS).identities;
      assertThat(rules.traceAuthorities())
          .containsExactly("CONTEXTKIT_TRACE", "ROLE_CONTEXTKIT_TRACE");
    }
  }

  // ---- the corpus of inbound header sets, hosts, destinations and callers

  /** An authenticated caller as a framework hands it over: name, claims, authorities. */
  private record Caller(String user, Map<String, Object> claims, List<String> authorities) {

    Identity identity(IdentityRules rules) {
      return rules.identity(user, claims::get, authorities);
    }
  }

  private static final List<Caller> CALLERS =
      List.of(
          new Caller("alice", Map.of(), List.of()),
          new Caller(
              "alice",
              Map.of("account_id", "acme", "license", "gold", "tester", true),
              List.of("CONTEXTKIT_TRACE")),
          new Caller(
              "bob",
              Map.of("tenant", "acme", "plan", 3, "qa", "true"),
              List.of("ROLE_CONTEXTKIT_TRACE")),
          new Caller("bob", Map.of("tester", "false", "qa", "TRUE"), List.of("TRACE_RUNNER")),
          new Caller("carol", Map.of("account_id", List.of("acme")), List.of("ROLE_TRACE_RUNNER")),
          new Caller("carol", Map.of("tenant", List.of("a", "b")), List.of("TRACER")),
          new Caller("dave", Map.of(), List.of("GROUP_TRACER", "ROLE_TRACER")),
          new Caller("qa-user", Map.of(), List.of("ROLE_ROLE_TRACER")),
          new Caller("erin", Map.of("account_id", "qa-acct", "tenant", "qa-acct"), List.of()),
          new Caller("frank", Map.of("account_id", "acme", "tenant", "acme"), List.of()),
          new Caller(
              "mallory\u0007",
              Map.of("account_id", "ac\nme", "license", "x".repeat(300)),
              List.of()));

  // ---- the corpus of inbound header sets, hosts and destinations

  private static final InboundPeer TRUSTED = new InboundPeer("10.1.2.3", null);
  private static final InboundPeer TRUSTED_BY_NAME =
      new InboundPeer("203.0.113.7", "spiffe://cluster/ns/gateway");
  private static final InboundPeer STRANGER = new InboundPeer("203.0.113.7", null);
  private static final List<InboundPeer> PEERS = List.of(TRUSTED, TRUSTED_BY_NAME, STRANGER);

  private static final List<String> HOSTS =
      List.of(
          "http://orders.svc.cluster.local/orders",
          "http://localhost:8080/",
          "http://localhost:9090/",
          "https://api.stripe.com/v1/charges",
          "https://pay.stripe.com/",
          "https://example.com/",
          "https://maps.example.com/geo",
          "https://partner.example/");

  private static final List<String> DESTINATIONS =
      List.of(
          "orders",
          "orders.paid",
          "orders.secret.keys",
          "audit",
          "audit2",
          "billing-internal",
          "events.eu.created",
          "events.eu.paid",
          "partner");

  private static List<Map<String, String>> inboundHeaderSets(
      ContextPropagator spring, ContextPropagator quarkus) {
    List<Map<String, String>> sets = new ArrayList<>();
    String traceparent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    sets.add(Map.of());
    sets.add(Map.of("traceparent", traceparent));
    sets.add(
        Map.of(
            "traceparent",
            traceparent,
            "baggage",
            "user_id=alice,account_id=acme,tester=true,license=gold,request_type=TRACE",
            "x-request-id",
            "req-1"));
    sets.add(
        Map.of(
            "traceparent",
            traceparent,
            "baggage",
            "uid=alice,acct=acme,rt=TRACE,user_id=mallory",
            "x-correlation-id",
            "req-2"));
    sets.add(
        Map.of(
            "traceparent",
            traceparent,
            "baggage",
            "user_id=averyveryverylongname,account_id=acme,tester=true,license=gold"));
    sets.add(Map.of("traceparent", "00-zz-broken", "baggage", "user_id=alice"));
    // Signed by each stack: a signature made on one must verify (or fail) alike on both.
    sets.add(injected(spring, OutboundPolicy.FULL));
    sets.add(injected(quarkus, OutboundPolicy.FULL));
    return sets;
  }

  private static String inbound(
      ContextPropagator propagator, Map<String, String> headers, InboundPeer peer) {
    InboundContext inbound =
        propagator.extract(headers, (carrier, name) -> carrier.get(name), peer);
    RequestContext c = inbound.context();
    return String.join(
        " ",
        String.valueOf(inbound.trust().reason()),
        String.valueOf(inbound.trust().signatureFailure()),
        String.valueOf(inbound.traceActivation()),
        inbound.traceRestarted() ? "restarted" : "not restarted",
        // Generated ids differ from run to run; whether the caller's id was kept is the decision.
        TRACE_ID.equals(c.traceId()) ? "caller's trace id" : "new trace id",
        "user=" + c.userId(),
        "account=" + c.accountId(),
        "type=" + c.requestType(),
        "tester=" + c.tester(),
        "license=" + c.license(),
        "request="
            + (c.requestId() != null && c.requestId().startsWith("req-")
                ? c.requestId()
                : "generated"));
  }

  private static RequestContext sample(RequestType type) {
    return RequestContext.builder()
        .traceId(TRACE_ID)
        .parentId("00f067aa0ba902b7")
        .traceFlags((byte) 1)
        .requestId("req-1")
        .userId("alice")
        .accountId("acme")
        .tester(true)
        .license("gold")
        .requestType(type)
        .build();
  }

  private static Map<String, String> injected(ContextPropagator propagator, OutboundPolicy policy) {
    Map<String, String> headers = new TreeMap<>();
    propagator.inject(sample(RequestType.TRACE), headers, Map::put, policy);
    return headers;
  }

  /** The headers sent to {@code uri}, the per-hop parent id of {@code traceparent} left out. */
  private static Map<String, String> outbound(ContextPropagator propagator, URI uri) {
    Map<String, String> headers = new TreeMap<>();
    propagator.inject(sample(RequestType.STANDARD), headers, Map::put, uri);
    headers.computeIfPresent("traceparent", (k, v) -> v.substring(0, 35));
    // The signature holds a time stamp and the parent id; its presence is the decision.
    headers.computeIfPresent("contextkit-signature", (k, v) -> "present");
    return headers;
  }

  private static String guard(OutboundTraceGuard guard, URI uri) {
    OutboundTraceGuard.Decision decision = guard.decide(sample(RequestType.TRACE), "POST", uri);
    SyntheticResponse synthetic = decision.syntheticResponse();
    return decision.action()
        + (synthetic == null
            ? ""
            : " "
                + synthetic.status()
                + " "
                + synthetic.headers()
                + " "
                + new String(synthetic.body(), StandardCharsets.UTF_8));
  }

  private static String messaging(Built built, String destination) {
    return built.destinations.outboundPolicy(destination, built.propagator)
        + " "
        + built.messages.decide(sample(RequestType.TRACE), destination);
  }

  private static InvalidSettingException refusal(ContextKitSettings settings, SettingKeys keys) {
    Throwable thrown = catchThrowable(() -> Built.of(settings, keys));
    assertThat(thrown).isInstanceOf(InvalidSettingException.class);
    return (InvalidSettingException) thrown;
  }

  /** The key below the root, map entries and list elements as plain segments. */
  private static String relative(String key) {
    String below =
        key.startsWith("quarkus.")
            ? key.substring("quarkus.contextkit.".length())
            : key.substring("contextkit.".length());
    return below.replaceAll("\\[([^\\]]*)\\]", ".$1").replace("\"", "");
  }

  private static Arguments set(String name, Map<String, String> properties) {
    return Arguments.of(Named.of(name, properties));
  }

  private static Arguments invalid(String name, Map<String, String> properties, String key) {
    return Arguments.of(Named.of(name, properties), key);
  }

  /** Everything one stack builds from its settings, through the one factory. */
  private record Built(
      ContextPropagator propagator,
      OutboundTraceGuard outbound,
      MessagingDestinations destinations,
      MessageTraceGuard messages,
      IdentityRules identities) {

    static Built of(ContextKitSettings settings, SettingKeys keys) {
      ContextPropagator propagator = ContextKitFactory.propagator(settings, keys);
      return new Built(
          propagator,
          TraceGuardFactory.outbound(propagator, settings, keys),
          ContextKitFactory.messagingDestinations(settings, keys),
          TraceGuardFactory.messages(settings, keys),
          ContextKitFactory.identityRules(settings, keys));
    }
  }

  @Test
  void aKeyOnlyOneStackKnowsIsNotSilentlyIgnoredBySmallRye() {
    // The corpus is only meaningful if SmallRye rejects keys its mapping does not have (so a key
    // renamed on one stack cannot pass unnoticed).
    assertThatThrownBy(() -> Stacks.quarkus(Map.of("trust.no-such-key", "x")))
        .hasMessageContaining("no-such-key");
  }
}
