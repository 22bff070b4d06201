package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.contextkit.spring.autoconfigure.trace.mail.MailApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real application (Tomcat, Boot's auto-configuration) with a {@code JavaMailSender} pointing at
 * an in-process GreenMail SMTP server. With the mail guard on, the sender is a guarded channel and
 * TRACE runs without sending; with the guard switched off ({@code contextkit.trace.mail.enabled=
 * false}) it is unguarded, under each setting of {@code contextkit.trace.unguarded-channels}.
 * STANDARD requests send mail (the server holds it); a refused TRACE request sends none.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnguardedChannelIT {

  private GreenMail smtp;
  private ConfigurableApplicationContext app;

  @BeforeEach
  void startSmtp() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    smtp.stop();
  }

  private int start(String... extra) {
    List<String> properties = new ArrayList<>();
    properties.add("server.port=0");
    properties.add("spring.mail.host=127.0.0.1");
    properties.add("spring.mail.port=" + smtp.getSmtp().getPort());
    properties.add("spring.datasource.url=jdbc:h2:mem:unguarded-channel;DB_CLOSE_DELAY=-1");
    properties.add("spring.jmx.enabled=false");
    properties.add("contextkit.trust.trusted-peers=127.0.0.1,::1");
    properties.add("management.endpoints.web.exposure.include=contextkit");
    properties.addAll(List.of(extra));
    app =
        new SpringApplicationBuilder(MailApplication.class)
            .properties(properties.toArray(String[]::new))
            .run();
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private static HttpResponse<String> welcome(int port, String to, boolean trace) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/welcome?to=" + to))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (trace) {
      request.header("baggage", "request_type=TRACE");
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private List<String> recipients() {
    List<String> to = new ArrayList<>();
    for (var message : smtp.getReceivedMessages()) {
      try {
        to.add(message.getAllRecipients()[0].toString());
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return to;
  }

  private static final String MAIL_GUARD_OFF = "contextkit.trace.mail.enabled=false";

  @Test
  void theGuardedMailSenderIsAGuardedChannelSoTraceRunsAndSendsNothing(CapturedOutput output)
      throws Exception {
    int port = start();

    assertThat(welcome(port, "std@example.com", false).statusCode()).isEqualTo(200);
    assertThat(recipients()).containsExactly("std@example.com");

    HttpResponse<String> trace = welcome(port, "trace@example.com", true);
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.headers().firstValue("Trace-Applied")).contains("request_type=TRACE");
    assertThat(trace.headers().firstValue("Trace-Report").orElseThrow()).contains("mail=1");
    assertThat(recipients()).containsExactly("std@example.com");

    assertThat(output.getOut())
        .contains("ContextKit TRACE effect channels:")
        .doesNotContain("unguarded: mail-sender");
    assertThat(get(port, "/actuator/contextkit").body())
        .contains(
            "{\"kind\":\"mail-sender\",\"name\":\"mailSender\",\"status\":\"GUARDED\","
                + "\"detail\":\"TRACE mails captured, not sent\"");
  }

  @Test
  void withTheMailGuardOffTheMailSenderRefusesTraceNamingItAndSendsNothing(CapturedOutput output)
      throws Exception {
    int port = start(MAIL_GUARD_OFF);

    assertThat(welcome(port, "std@example.com", false).statusCode()).isEqualTo(200);
    assertThat(recipients()).containsExactly("std@example.com");

    HttpResponse<String> trace = welcome(port, "trace@example.com", true);
    assertThat(trace.statusCode()).isEqualTo(503);
    assertThat(trace.body())
        .contains(
            "mail-sender mailSender (no TRACE guard for mail (its guard is off:"
                + " contextkit.trace.mail.enabled))")
        .contains("contextkit.trace.safe-channels.mail-sender.mailSender=<reason>")
        .contains("contextkit.trace.unguarded-channels=warn");
    assertThat(trace.headers().firstValue("Trace-Applied")).isEmpty();
    assertThat(recipients()).containsExactly("std@example.com");

    assertThat(output.getOut())
        .contains("ContextKit TRACE effect channels:")
        .contains("1 unguarded: mail-sender mailSender")
        .contains("TRACE requests are refused with 503");
    HttpResponse<String> endpoint = get(port, "/actuator/contextkit");
    assertThat(endpoint.body())
        .contains("\"unguardedChannels\":\"refuse\"")
        .contains(
            "{\"kind\":\"mail-sender\",\"name\":\"mailSender\",\"status\":\"UNGUARDED\","
                + "\"detail\":\"no TRACE guard for mail (its guard is off:"
                + " contextkit.trace.mail.enabled)\"")
        .contains("\"kind\":\"data-source\",\"name\":\"dataSource\",\"status\":\"GUARDED\"");
  }

  @Test
  void declaringTheUnguardedMailSenderSafeLetsTraceRun() throws Exception {
    int port =
        start(
            MAIL_GUARD_OFF,
            "contextkit.trace.safe-channels.mail-sender.mailSender=GreenMail in this test");

    HttpResponse<String> trace = welcome(port, "safe@example.com", true);

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.headers().firstValue("Trace-Applied")).contains("request_type=TRACE");
    // Declared safe: the mail goes out, as the declaration says it may.
    assertThat(recipients()).containsExactly("safe@example.com");
    assertThat(get(port, "/actuator/contextkit").body())
        .contains("\"status\":\"SAFE\",\"detail\":\"GreenMail in this test\"");
  }

  @Test
  void warnRunsTraceAndSaysSoAtStartup(CapturedOutput output) throws Exception {
    int port = start(MAIL_GUARD_OFF, "contextkit.trace.unguarded-channels=warn");

    HttpResponse<String> trace = welcome(port, "warned@example.com", true);

    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.headers().firstValue("Trace-Applied")).contains("request_type=TRACE");
    assertThat(output.getOut())
        .contains("WARN")
        .contains("1 unguarded: mail-sender mailSender")
        .contains("TRACE requests run anyway (contextkit.trace.unguarded-channels=warn)");
    assertThat(get(port, "/actuator/contextkit").body())
        .containsPattern("\"trace.served-unguarded\":[1-9]");
  }
}
