package io.contextkit.quarkus.channels;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
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
 * quarkus-mailer with its TRACE guard switched off ({@code
 * quarkus.contextkit.trace.mail.enabled=false}): every mailer is an unguarded channel of the
 * inventory, naming the key, so a TRACE request is refused with 503 before any application code
 * runs — it never sends the mail the guard would have captured. STANDARD requests still send.
 */
class MailGuardOffTest {

  private static final String SMTP_PORT = Integer.toString(Smtp.smtpPort());

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(
              jar -> jar.addClasses(Inventory.class, MailResource.class, Smtp.class))
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .overrideConfigKey("quarkus.http.test-port", "0")
          .overrideConfigKey("quarkus.contextkit.trace.mail.enabled", "false")
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
  void traceIsRefusedNamingTheMailersAndTheKeyAndNoMailIsSent() {
    assertThat(send("blocking", "off-std@example.com", false).statusCode()).isEqualTo(200);
    assertThat(Smtp.mailsFor("off-std@example.com")).isEqualTo(1);
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED);

    Response blocking = send("blocking", "off-trace@example.com", true);
    Response named = send("named", "off-trace-named@example.com", true);

    for (Response trace : new Response[] {blocking, named}) {
      assertThat(trace.statusCode()).isEqualTo(503);
      assertThat(trace.asString())
          .contains("mail-sender <default> (off: quarkus.contextkit.trace.mail.enabled=false)")
          .contains("mail-sender notifications (off: quarkus.contextkit.trace.mail.enabled=false)")
          .contains("quarkus.contextkit.trace.safe-channels.mail-sender.\"<default>\"=<reason>")
          .contains("quarkus.contextkit.trace.unguarded-channels=warn");
      assertThat(trace.header("Cache-Control")).isEqualTo("no-store");
      assertThat(trace.header("Trace-Applied")).isNull();
    }
    assertThat(Smtp.mailsFor("off-trace@example.com")).isZero();
    assertThat(Smtp.mailsFor("off-trace-named@example.com")).isZero();
    // One policy decision per request.
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(refused + 2);
  }

  @Test
  void theInventoryListsEveryMailerAsUnguardedNamingTheKey() {
    for (String mailer : new String[] {"<default>", "notifications"}) {
      EffectChannel channel = Inventory.channel(channels, Kind.MAIL_SENDER, mailer);
      assertThat(channel.status()).as(mailer).isEqualTo(Status.UNGUARDED);
      assertThat(channel.detail()).isEqualTo("off: quarkus.contextkit.trace.mail.enabled=false");
    }
    assertThat(channels.policy().startupLine())
        .contains("mail-sender <default>, mail-sender notifications")
        .contains("TRACE requests are refused with 503");
  }
}
