package io.contextkit.quarkus.runtime.internal;

import io.contextkit.ContextKit;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jspecify.annotations.Nullable;

/**
 * Reports a mail a TRACE request did not send. The report names the mailer and the recipients'
 * domains, never a full address or the subject: the {@code Trace-Report} header and the report log
 * event must not carry personal data. Finds the mailer's edge in the runtime dependency map: every
 * send is counted there ({@code MAIL}, called, named after the server), a captured TRACE one as a
 * synthetic call.
 */
final class TraceMail {

  /** The name the default mailer is reported under. */
  static final String DEFAULT_MAILER = "default";

  private static final int MAX_DOMAINS = 5;

  private TraceMail() {}

  /** Records one captured mail into {@code context}'s report. */
  static void captured(RequestContext context, String mailer, List<List<String>> recipientLists) {
    int recipients = 0;
    TreeSet<String> domains = new TreeSet<>();
    for (List<String> list : recipientLists) {
      if (list == null) {
        continue;
      }
      for (String address : list) {
        if (address == null) {
          continue;
        }
        recipients++;
        domains.add(domainOf(address));
      }
    }
    StringBuilder summary =
        new StringBuilder("captured, not sent: ")
            .append(recipients)
            .append(recipients == 1 ? " recipient" : " recipients");
    if (!domains.isEmpty()) {
      summary.append(" at ");
      int shown = 0;
      for (String domain : domains) {
        if (shown == MAX_DOMAINS) {
          summary.append(", …");
          break;
        }
        summary.append(shown == 0 ? "" : ", ").append(domain);
        shown++;
      }
    }
    context.sideEffects().record(new SideEffect(SideEffect.Kind.MAIL, mailer, summary.toString()));
  }

  /** The domain of an address ({@code "Ann <ann@example.com>"} gives {@code example.com}). */
  static String domainOf(String address) {
    String a = address.strip();
    int close = a.lastIndexOf('>');
    if (close > 0) {
      a = a.substring(0, close);
    }
    int at = a.lastIndexOf('@');
    if (at < 0 || at == a.length() - 1) {
      return "unknown-domain";
    }
    StringBuilder domain = new StringBuilder();
    for (char c : a.substring(at + 1).toCharArray()) {
      // Only what a domain name may hold: the value ends up in a header and a log line.
      if (Character.isLetterOrDigit(c) || c == '.' || c == '-') {
        domain.append(c);
      }
    }
    return domain.length() == 0 ? "unknown-domain" : domain.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The mail server of the mailer {@code quarkusName}, the name of its edge in the runtime
   * dependency map: {@code host[:port]} from {@code quarkus.mailer[.name].host} and {@code .port}
   * ({@code localhost} when no host is configured, as the mail client defaults).
   */
  static String server(@Nullable String quarkusName) {
    Config config = ConfigProvider.getConfig();
    String prefix =
        quarkusName == null || quarkusName.startsWith("<")
            ? "quarkus.mailer."
            : "quarkus.mailer.\"" + quarkusName + "\".";
    String host = config.getOptionalValue(prefix + "host", String.class).orElse("localhost");
    Optional<Integer> port = config.getOptionalValue(prefix + "port", Integer.class);
    return port.isPresent() ? host + ":" + port.get() : host;
  }

  /** The edge of the mail server {@code server} in the runtime dependency map. */
  static DependencyEdge edge(String server) {
    return ContextKit.dependencies().edge(DependencyKind.MAIL, DependencyDirection.CALLED, server);
  }

  /** The name a mailer is reported under. */
  static String mailerName(String quarkusName) {
    return quarkusName == null || quarkusName.startsWith("<") ? DEFAULT_MAILER : quarkusName;
  }
}
