package io.contextkit.quarkus.channels;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.noop.TraceReport;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.contextkit.quarkus.runtime.internal.LogRecordContext;
import io.contextkit.quarkus.runtime.internal.TraceReports;
import io.contextkit.testsupport.JulLogCapture;
import io.contextkit.testsupport.LogLine;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AMQP 1.0 ({@code smallrye-amqp}) and JMS ({@code smallrye-jms}) connectors against a real
 * broker (Artemis in the test JVM, one acceptor for both protocols). A TRACE request's message to
 * an external queue is captured: the STANDARD message sent after it on the same queue arrives, the
 * TRACE one never does. A message to an internal queue is sent with the context and its consumer
 * runs as TRACE; STANDARD consumers run with the sender's user.
 */
class MessagingTraceTest {

  private static final String PORT = Integer.toString(Broker.port());

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar ->
                  jar.addClasses(
                      Inventory.class,
                      PublishResource.class,
                      Consumers.class,
                      ConnectionFactoryProducer.class,
                      Broker.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          // The SmallRye JMS connector is a plain library: its beans are found once indexed.
          .overrideConfigKey("quarkus.index-dependency.jms.group-id", "io.smallrye.reactive")
          .overrideConfigKey(
              "quarkus.index-dependency.jms.artifact-id", "smallrye-reactive-messaging-jms")
          .overrideConfigKey("mp.messaging.outgoing.amqp-payments-out.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.outgoing.amqp-payments-out.address", "amqp-payments")
          .overrideConfigKey("mp.messaging.outgoing.amqp-audit-out.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.outgoing.amqp-audit-out.address", "amqp-audit")
          .overrideConfigKey("mp.messaging.incoming.amqp-payments-in.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.incoming.amqp-payments-in.address", "amqp-payments")
          .overrideConfigKey("mp.messaging.incoming.amqp-audit-in.connector", "smallrye-amqp")
          .overrideConfigKey("mp.messaging.incoming.amqp-audit-in.address", "amqp-audit")
          .overrideConfigKey("mp.messaging.outgoing.jms-payments-out.connector", "smallrye-jms")
          .overrideConfigKey("mp.messaging.outgoing.jms-payments-out.destination", "jms-payments")
          .overrideConfigKey("mp.messaging.outgoing.jms-audit-out.connector", "smallrye-jms")
          .overrideConfigKey("mp.messaging.outgoing.jms-audit-out.destination", "jms-audit")
          .overrideConfigKey("mp.messaging.incoming.jms-payments-in.connector", "smallrye-jms")
          .overrideConfigKey("mp.messaging.incoming.jms-payments-in.destination", "jms-payments")
          .overrideConfigKey("mp.messaging.incoming.jms-audit-in.connector", "smallrye-jms")
          .overrideConfigKey("mp.messaging.incoming.jms-audit-in.destination", "jms-audit")
          .overrideRuntimeConfigKey("amqp-host", "127.0.0.1")
          .overrideRuntimeConfigKey("amqp-port", PORT)
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trust.trusted-peer-names", "amqp:amqp-audit,jms:jms-audit")
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.messaging.internal-destinations", "amqp-audit,jms-audit")
          // Only the JMS connector uses the connection factory bean, and its channels are
          // guarded; the inventory lists the bean itself as unguarded until declared safe.
          .overrideRuntimeConfigKey(
              "quarkus.contextkit.trace.safe-channels.jms-connection-factory.\"<default>\"",
              "used only by the smallrye-jms connector, whose outgoing channels are guarded");

  @Inject EffectChannels channels;

  private static JulLogCapture reports;

  @BeforeEach
  void captureTraceReports() {
    reports = JulLogCapture.onLogger(TraceReports.LOGGER);
    // Quarkus' handlers got ContextKit's log filter at startup; this late one gets it here.
    LogRecordContext.install();
  }

  @AfterEach
  void stopCapture() {
    reports.close();
  }

  private static Response publish(String connector, String queue, String id, boolean trace) {
    return given()
        .header("baggage", trace ? "request_type=TRACE,user_id=alice" : "user_id=alice")
        .post("/publish/" + connector + "/" + queue + "/" + id);
  }

  @Test
  void amqpCapturesTraceMessagesToExternalQueuesAndSendsStandardOnes() {
    capturesTraceMessagesToExternalQueues("amqp");
  }

  @Test
  void jmsCapturesTraceMessagesToExternalQueuesAndSendsStandardOnes() {
    capturesTraceMessagesToExternalQueues("jms");
  }

  @Test
  void amqpSendsTraceMessagesToInternalQueuesAndTheConsumerRunsAsTrace() {
    sendsTraceMessagesToInternalQueues("amqp");
  }

  @Test
  void jmsSendsTraceMessagesToInternalQueuesAndTheConsumerRunsAsTrace() {
    sendsTraceMessagesToInternalQueues("jms");
  }

  private static void capturesTraceMessagesToExternalQueues(String connector) {
    Response trace = publish(connector, "payments", connector + "-p-trace", true);
    Response standard = publish(connector, "payments", connector + "-p-std", false);

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.header("Trace-Report")).contains("messages=1").contains("violations=0");
    assertThat(standard.statusCode()).isEqualTo(200);
    // One queue, one consumer: the STANDARD message was sent after the TRACE one. An external
    // queue gets traceparent only, no identity.
    assertThat(await(connector + "-payments/" + connector + "-p-std")).isEqualTo("STANDARD -");
    assertThat(Consumers.SEEN).doesNotContainKey(connector + "-payments/" + connector + "-p-trace");
  }

  /**
   * Also: the consumer of the TRACE message writes its report line, once, naming the connector's
   * system and the queue; the STANDARD twin writes none.
   */
  private static void sendsTraceMessagesToInternalQueues(String connector) {
    Response trace = publish(connector, "audit", connector + "-a-trace", true);
    Response standard = publish(connector, "audit", connector + "-a-std", false);

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.header("Trace-Report")).contains("messages=1");
    assertThat(await(connector + "-audit/" + connector + "-a-trace")).isEqualTo("TRACE alice");
    assertThat(await(connector + "-audit/" + connector + "-a-std")).isEqualTo("STANDARD alice");

    String requestId = trace.header("X-Request-Id");
    List<LogLine> lines = awaitReports(requestId);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).formatted())
        .startsWith(
            "TRACE message " + requestId + " from " + connector + " '" + connector + "-audit'")
        .contains("committed=false")
        .contains(TraceReport.CONSUMER_LISTENER + "=" + connector + "-audit-in");
    assertThat(lines.get(0).mdc()).containsEntry("request_id", requestId);
    assertThat(reports(standard.header("X-Request-Id"))).isEmpty();
  }

  private static List<LogLine> reports(String requestId) {
    List<LogLine> lines = new ArrayList<>();
    for (LogLine line : reports.lines()) {
      if (line.formatted().startsWith("TRACE message " + requestId + " ")) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The report lines of {@code requestId} once one arrived, and a moment later for a second. */
  private static List<LogLine> awaitReports(String requestId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reports(requestId).isEmpty() && System.nanoTime() < deadline) {
      pause(50);
    }
    pause(500);
    return reports(requestId);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String await(String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String value = Consumers.SEEN.get(key);
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no message " + key + " within 30s; seen " + Consumers.SEEN.keySet());
  }

  @Test
  void everyOutgoingChannelIsGuardedAndTheConnectionFactoryIsDeclaredSafe() {
    for (String channel : new String[] {"amqp-payments-out", "amqp-audit-out"}) {
      EffectChannel amqp = Inventory.channel(channels, Kind.MESSAGING_CHANNEL, channel);
      assertThat(amqp.status()).as(channel).isEqualTo(Status.GUARDED);
      assertThat(amqp.detail()).startsWith("smallrye-amqp: TRACE messages captured");
    }
    for (String channel : new String[] {"jms-payments-out", "jms-audit-out"}) {
      EffectChannel jms = Inventory.channel(channels, Kind.MESSAGING_CHANNEL, channel);
      assertThat(jms.status()).as(channel).isEqualTo(Status.GUARDED);
      assertThat(jms.detail()).startsWith("smallrye-jms: TRACE messages captured");
    }
    // What the application could send on the factory itself is not guarded: the operator says
    // only the connector uses it.
    EffectChannel factory = Inventory.channel(channels, Kind.JMS_CONNECTION_FACTORY, "<default>");
    assertThat(factory.status()).isEqualTo(Status.SAFE);
    assertThat(Inventory.of(channels).unguarded()).isEmpty();
  }
}
