package io.contextkit.noop;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapturedMailTest {

  @Test
  void reportsTheRecipientsDomainsNeverTheirAddresses() {
    CapturedMail mail =
        CapturedMail.of(
            List.of("ann@Example.COM", "Bob Smith <bob@mail.test>", "carol@example.com"), 1234);
    assertThat(mail.recipientDomains()).containsExactly("example.com", "mail.test");
    assertThat(mail.recipients()).isEqualTo(3);
    SideEffect effect = mail.sideEffect();
    assertThat(effect.kind()).isEqualTo(SideEffect.Kind.MAIL);
    assertThat(effect.target()).isEqualTo("example.com,mail.test");
    assertThat(effect.summary()).isEqualTo("mail to 3 recipients, 1234 bytes captured, not sent");
    assertThat(effect.target() + effect.summary()).doesNotContain("ann").doesNotContain("bob");
  }

  @Test
  void anAddressWithoutAPlainDomainLeaksNothing() {
    assertThat(CapturedMail.domainOf("no-at-sign")).isEqualTo(CapturedMail.UNKNOWN_DOMAIN);
    assertThat(CapturedMail.domainOf("x@")).isEqualTo(CapturedMail.UNKNOWN_DOMAIN);
    assertThat(CapturedMail.domainOf("x@evil.test\r\nBcc: y"))
        .isEqualTo(CapturedMail.UNKNOWN_DOMAIN);
    assertThat(CapturedMail.domainOf("x@[192.0.2.1]")).isEqualTo("[192.0.2.1]");
    assertThat(CapturedMail.of(List.of(), -1).sideEffect().summary())
        .isEqualTo("mail to 0 recipients captured, not sent");
  }

  @Test
  void reportsIntoTheRequest() {
    RequestContext trace = Requests.trace();
    CapturedMail.of(List.of("a@b.test"), 10).report(trace);
    assertThat(trace.sideEffects().report().count(SideEffect.Kind.MAIL)).isEqualTo(1);
  }
}
