package io.contextkit.noop;

import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What a TRACE request's mail guard records about a mail it captured instead of sending: the
 * recipients' domains (never their full addresses, which are personal data and end up in headers,
 * logs and spans), how many recipients there were and the size of the built message.
 *
 * <pre>{@code
 * CapturedMail mail = CapturedMail.of(List.of("ann@example.com", "Bob <bob@mail.test>"), 1234);
 * mail.report(RequestContext.current()); // MAIL "example.com,mail.test": "1 mail to 2 recipients ..."
 * }</pre>
 *
 * @param recipientDomains the distinct domains of the recipients (to, cc and bcc), lowercase and
 *     sorted; {@code unknown-domain} for an address without one
 * @param recipients how many recipient addresses the mail had
 * @param sizeBytes the size of the message as it would have been transmitted, or -1 when unknown
 */
public record CapturedMail(List<String> recipientDomains, int recipients, long sizeBytes) {

  /** The domain reported for an address that has none. */
  public static final String UNKNOWN_DOMAIN = "unknown-domain";

  /** Copies the domains. */
  public CapturedMail {
    recipientDomains = List.copyOf(recipientDomains);
    if (recipients < 0) {
      throw new IllegalArgumentException("recipients must not be negative: " + recipients);
    }
  }

  /**
   * The capture of a mail to {@code addresses} (each an RFC 5322 address, with or without a display
   * name) of {@code sizeBytes} bytes.
   */
  public static CapturedMail of(Collection<String> addresses, long sizeBytes) {
    TreeSet<String> domains = new TreeSet<>();
    for (String address : addresses) {
      domains.add(domainOf(address));
    }
    return new CapturedMail(new ArrayList<>(domains), addresses.size(), sizeBytes);
  }

  /**
   * The domain of one address: what follows the last {@code @}, lowercase, without a closing {@code
   * >} or surrounding blanks; {@value #UNKNOWN_DOMAIN} when there is none or it contains characters
   * a domain cannot have (so nothing else of the address can leak through it).
   */
  static String domainOf(String address) {
    String a = address.strip();
    if (a.endsWith(">")) {
      a = a.substring(0, a.length() - 1);
    }
    int at = a.lastIndexOf('@');
    if (at < 0 || at == a.length() - 1) {
      return UNKNOWN_DOMAIN;
    }
    String domain = a.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '['
              || c == ']'
              || c == ':';
      if (!allowed) {
        return UNKNOWN_DOMAIN;
      }
    }
    return domain.isEmpty() ? UNKNOWN_DOMAIN : domain;
  }

  /**
   * The side effect reported for this mail: kind {@code MAIL}, the comma-separated recipient
   * domains as target.
   */
  public SideEffect sideEffect() {
    String target =
        recipientDomains.isEmpty() ? "no-recipient" : String.join(",", recipientDomains);
    String size = sizeBytes < 0 ? "" : ", " + sizeBytes + " bytes";
    return new SideEffect(
        SideEffect.Kind.MAIL,
        target,
        "mail to "
            + recipients
            + (recipients == 1 ? " recipient" : " recipients")
            + size
            + " captured, not sent");
  }

  /** Reports this mail into {@code context}'s recorder. */
  public void report(RequestContext context) {
    context.sideEffects().record(sideEffect());
  }
}
