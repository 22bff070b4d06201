package io.contextkit.quarkus.channels;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache, Vert.x WebClient, AMQP and JMS guards switched off at build time: each of their
 * channels is unguarded in the inventory, naming the key that switched its guard off, and a TRACE
 * request is refused with 503 before it reaches any of them — the shared cache is not filled, as it
 * is by a STANDARD request.
 */
class ChannelGuardsOffTest {

  private static final String PORT = Integer.toString(Broker.port());

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      Inventory.class,
                      CacheResource.class,
                      PriceService.class,
                      WebClientResource.class,
                      Stub.class,
                      PublishResource.class,
                      Consumers.class,
                      ConnectionFactoryProducer.class,
                      Broker.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.contextkit.trace.cache.enabled", "false")
          .overrideConfigKey("quarkus.contextkit.client.web-client.enabled", "false")
          .overrideConfigKey("quarkus.contextkit.messaging.amqp.enabled", "false")
          .overrideConfigKey("quarkus.contextkit.messaging.jms.enabled", "false")
          .overrideConfigKey("quarkus.index-dependency.jms.group-id", "io.smallrye.reactive")
          .overrideConfigKey(
              "quarkus.index-dependency.jms.artifact-id", "smallrye-reactive-messaging-jms")
          .overrideConfigKey("mp.messaging.outgoing.amqp-payments-out.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.outgoing.amqp-payments-out.address", "off-amqp-payments")
          .overrideConfigKey("mp.messaging.outgoing.amqp-audit-out.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.outgoing.amqp-audit-out.address", "off-amqp-audit")
          .overrideConfigKey("mp.messaging.incoming.amqp-payments-in.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.incoming.amqp-payments-in.address", "off-amqp-payments")
          .overrideConfigKey("mp.messaging.incoming.amqp-audit-in.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.incoming.amqp-audit-in.address", "off-amqp-audit")
          .overrideConfigKey("mp.messaging.outgoing.jms-payments-out.connector", "smallrye-jms")
          .overrideConfigKey(
              "mp.messaging.outgoing.jms-payments-out.destination", "off-jms-payments")
          .overrideConfigKey("mp.messaging.outgoing.jms-audit-out.connector", "smallrye-jms")
          .overrideConfigKey("mp.messaging.outgoing.jms-audit-out.destination", "off-jms-audit")
          .overrideConfigKey("mp.messaging.incoming.jms-payments-in.connector", "smallrye-jms")
          .overrideConfigKey(
              "mp.messaging.incoming.jms-payments-in.destination", "off-jms-payments")
          .overrideConfigKey("mp.messaging.incoming.jms-audit-in.connector", "smallrye-jms")
          .overrideConfigKey("mp.messaging.incoming.jms-audit-in.destination", "off-jms-audit")
          .overrideRuntimeConfigKey("amqp-host", "127.0.0.1")
          .overrideRuntimeConfigKey("amqp-port", PORT)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1");

  @Inject EffectChannels channels;

  private static void assertUnguarded(EffectChannel channel, String detail) {
    assertThat(channel.status()).as(channel.label()).isEqualTo(Status.UNGUARDED);
    assertThat(channel.detail()).as(channel.label()).isEqualTo(detail);
  }

  @Test
  void eachChannelWhoseGuardIsOffIsUnguardedNamingItsKey() {
    assertUnguarded(
        Inventory.channel(channels, Kind.CACHE, "quarkus-cache"),
        "off: quarkus.contextkit.trace.cache.enabled=false");
    assertUnguarded(
        Inventory.channel(channels, Kind.HTTP_CLIENT, "vertx-web-client"),
        "off: quarkus.contextkit.client.web-client.enabled=false");
    for (String channel : new String[] {"amqp-payments-out", "amqp-audit-out"}) {
      assertUnguarded(
          Inventory.channel(channels, Kind.MESSAGING_CHANNEL, channel),
          "smallrye-amqp: off: quarkus.contextkit.messaging.amqp.enabled=false");
    }
    for (String channel : new String[] {"jms-payments-out", "jms-audit-out"}) {
      assertUnguarded(
          Inventory.channel(channels, Kind.MESSAGING_CHANNEL, channel),
          "smallrye-jms: off: quarkus.contextkit.messaging.jms.enabled=false");
    }
    assertUnguarded(
        Inventory.channel(channels, Kind.JMS_CONNECTION_FACTORY, "<default>"),
        "no TRACE guard for JMS");
  }

  @Test
  void traceIsRefusedBeforeItReachesTheCache() {
    Response standard = given().post("/cache/price/off-std");
    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(given().get("/cache/shared/off-std").asString()).startsWith("off-std@");

    Response trace = given().header("baggage", "request_type=TRACE").post("/cache/price/off-trace");

    assertThat(trace.statusCode()).isEqualTo(503);
    assertThat(trace.asString())
        .contains("cache quarkus-cache (off: quarkus.contextkit.trace.cache.enabled=false)")
        .contains(
            "http-client vertx-web-client (off: quarkus.contextkit.client.web-client.enabled=false)")
        .contains("messaging-channel amqp-payments-out (smallrye-amqp: off:")
        .contains("messaging-channel jms-audit-out (smallrye-jms: off:")
        .contains("quarkus.contextkit.trace.safe-channels.cache.\"quarkus-cache\"=<reason>");
    assertThat(given().get("/cache/shared/off-trace").asString()).isEqualTo("absent");
  }
}
