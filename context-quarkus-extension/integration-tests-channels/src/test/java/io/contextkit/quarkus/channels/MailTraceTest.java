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
 * quarkus-mailer against a real SMTP server (GreenMail in the test JVM, {@code
 * quarkus.mailer.mock=false}): a STANDARD request's mail reaches the recipient's mailbox, a TRACE
 * request's does not and the report counts it — for the blocking and the reactive default mailer, a
 * named mailer and the Vert.x {@code MailClient} bean.
 */
class MailTraceTest {

  private static final String SMTP_PORT = Integer.toString(Smtp.smtpPort());

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(Inventory.class, MailResource.class, Smtp.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideRuntimeConfigKey("quarkus.contextkit.trust.trusted-peers", "127.0.0.1,::1")
          .overrideRuntimeConfigKey("quarkus.mailer.mock", "false")
          .overrideRuntimeConfigKey("quarkus.mailer.from", "app@example.com")
          .overrideRuntimeConfigKey("quarkus.mailer.host", "127.0.0.1")
          .overrideRuntimeConfigKey("quarkus.mailer.port", SMTP_PORT)
          .overrideRuntimeConfigKey("quarkus.mailer.start-tls", "DISABLED")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.mock", "false")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.from", "alerts@example.com")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.host", "127.0.0.1")
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.port", SMTP_PORT)
          .overrideRuntimeConfigKey("quarkus.mailer.notifications.start-tls", "DISABLED");

  @Inject EffectChannels channels;

  private static Response send(String kind, String to, boolean trace) {
    return (trace ? given().header("baggage", "request_type=TRACE") : given())
        .post("/mail/" + kind + "/" + to);
  }

  @Test
  void blockingMailerSendsStandardMailAndCapturesTraceMail() {
    Response standard = send("blocking", "std-blocking@example.com", false);
    Response trace = send("blocking", "trace-blocking@example.com", true);

    assertThat(standard.statusCode()).isEqualTo(200);
    assertThat(Smtp.mailsFor("std-blocking@example.com")).isEqualTo(1);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.asString()).isEqualTo("sent");
    assertThat(Smtp.mailsFor("trace-blocking@example.com")).isZero();
    assertThat(trace.header("Trace-Report")).contains("mail=1").contains("violations=0");
    assertThat(trace.header("Trace-Report")).doesNotContain("trace-blocking");
  }

  @Test
  void reactiveMailerSendsStandardMailAndCapturesTraceMail() {
    send("reactive", "std-reactive@example.com", false);
    Response trace = send("reactive", "trace-reactive@example.com", true);

    assertThat(Smtp.mailsFor("std-reactive@example.com")).isEqualTo(1);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(Smtp.mailsFor("trace-reactive@example.com")).isZero();
    assertThat(trace.header("Trace-Report")).contains("mail=1");
  }

  @Test
  void namedMailerSendsStandardMailAndCapturesTraceMail() {
    send("named", "std-named@example.com", false);
    Response trace = send("named", "trace-named@example.com", true);

    assertThat(Smtp.mailsFor("std-named@example.com")).isEqualTo(1);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(Smtp.mailsFor("trace-named@example.com")).isZero();
    assertThat(trace.header("Trace-Report")).contains("mail=1");
  }

  @Test
  void vertxMailClientBeanSendsStandardMailAndCapturesTraceMail() {
    send("client", "std-client@example.com", false);
    Response trace = send("client", "trace-client@example.com", true);

    assertThat(Smtp.mailsFor("std-client@example.com")).isEqualTo(1);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(Smtp.mailsFor("trace-client@example.com")).isZero();
    assertThat(trace.header("Trace-Report")).contains("mail=1");
  }

  @Test
  void everyMailerIsAGuardedChannelSoTraceRuns() {
    for (String mailer : new String[] {"<default>", "notifications"}) {
      EffectChannel channel = Inventory.channel(channels, Kind.MAIL_SENDER, mailer);
      assertThat(channel.status()).as(mailer).isEqualTo(Status.GUARDED);
      assertThat(channel.detail()).isEqualTo("TRACE mails captured, not sent");
    }
    assertThat(Inventory.of(channels).unguarded()).isEmpty();
    assertThat(channels.policy().refusal()).isNull();
  }
}
