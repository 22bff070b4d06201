package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MailTraceIT extends AbstractChannelsIT {

  private int delivered() {
    return SMTP.getReceivedMessages().length;
  }

  @Test
  void simpleMailIsDeliveredForStandardAndCapturedForTrace() throws Exception {
    int before = delivered();
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/mail/simple?to=ann@customers.test");
    assertThat(real.statusCode()).isEqualTo(200);
    assertThat(SMTP.waitForIncomingEmail(5000, before + 1)).isTrue();
    MimeMessage received = SMTP.getReceivedMessages()[before];
    assertThat(received.getSubject()).isEqualTo("Your order");

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/mail/simple?to=bob@customers.test");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).isEqualTo("sent");
    assertThat(trace.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(reportHeader(trace)).contains("mail=1").endsWith("violations=0");
    assertThat(SMTP.waitForIncomingEmail(500, before + 2)).isFalse();
    assertThat(delivered()).isEqualTo(before + 1);
    assertThat(loggedEffects())
        .contains("MAIL customers.test")
        .contains("mail to 1 recipient")
        .doesNotContain("bob");
  }

  @Test
  void preparedMailWithAttachmentIsBuiltButNotSentUnderTrace() throws Exception {
    int before = delivered();
    assertThat(send(Mode.STANDARD, "POST", "/mail/preparator?to=ann@customers.test").statusCode())
        .isEqualTo(200);
    assertThat(SMTP.waitForIncomingEmail(5000, before + 2)).isTrue(); // to and cc

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/mail/preparator?to=bob@customers.test");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(reportHeader(trace)).contains("mail=1");
    assertThat(loggedEffects())
        .contains("MAIL copies.example,customers.test")
        .containsPattern("mail to 2 recipients, \\d+ bytes captured");
    assertThat(SMTP.waitForIncomingEmail(500, before + 3)).isFalse();
  }

  @Test
  void mimeMessageIsCapturedUnderTraceAndABadAddressFailsAlike() throws Exception {
    int before = delivered();
    assertThat(send(Mode.STANDARD, "POST", "/mail/mime?to=ann@customers.test").statusCode())
        .isEqualTo(200);
    assertThat(SMTP.waitForIncomingEmail(5000, before + 1)).isTrue();
    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/mail/mime?to=bob@customers.test");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(reportHeader(trace)).contains("mail=1");

    // A malformed address fails while the message is built: the same error for both.
    HttpResponse<String> realBad = send(Mode.STANDARD, "POST", "/mail/simple?to=a@@b@");
    HttpResponse<String> traceBad = send(Mode.TRACE, "POST", "/mail/simple?to=a@@b@");
    assertThat(realBad.statusCode()).isEqualTo(500);
    assertThat(traceBad.statusCode()).isEqualTo(realBad.statusCode());
    assertThat(reportHeader(traceBad)).contains("mail=0");
    assertThat(SMTP.waitForIncomingEmail(500, before + 2)).isFalse();
  }
}
