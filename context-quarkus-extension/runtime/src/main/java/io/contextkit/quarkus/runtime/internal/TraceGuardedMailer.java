package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceGuarded;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.util.List;

/**
 * A blocking {@link Mailer} that sends for STANDARD requests and captures the mails of a TRACE
 * request: {@code send} returns normally, nothing reaches the SMTP server, and each mail is
 * reported as a {@code MAIL} effect.
 */
final class TraceGuardedMailer implements Mailer, TraceGuarded {

  private final Mailer delegate;
  private final String name;

  TraceGuardedMailer(Mailer delegate, String name) {
    this.delegate = delegate;
    this.name = name;
  }

  @Override
  public void send(Mail... mails) {
    RequestContext context = RequestContexts.current();
    if (!context.isTrace()) {
      delegate.send(mails);
      return;
    }
    for (Mail mail : mails) {
      TraceMail.captured(context, name, List.of(mail.getTo(), mail.getCc(), mail.getBcc()));
    }
  }
}
