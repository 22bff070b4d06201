package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceGuarded;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.util.List;

/**
 * A blocking {@link Mailer} that sends for STANDARD requests and captures the mails of a TRACE
 * request: {@code send} returns normally, nothing reaches the SMTP server, and each mail is
 * reported as a {@code MAIL} effect. A captured send is counted in the runtime dependency map as a
 * synthetic call; a STANDARD one is counted by the guarded reactive mailer it goes through.
 */
final class TraceGuardedMailer implements Mailer, TraceGuarded {

  private final Mailer delegate;
  private final String name;
  private final String server;

  TraceGuardedMailer(Mailer delegate, String name, String server) {
    this.delegate = delegate;
    this.name = name;
    this.server = server;
  }

  @Override
  public void send(Mail... mails) {
    RequestContext context = RequestContexts.current();
    if (!context.isTrace()) {
      // Counted by the reactive mailer this one sends through: quarkus-mailer builds the blocking
      // mailer from Mailers.reactiveMailerFromName, which hands out a TraceGuardedReactiveMailer.
      delegate.send(mails);
      return;
    }
    for (Mail mail : mails) {
      TraceMail.captured(context, name, List.of(mail.getTo(), mail.getCc(), mail.getBcc()));
    }
    TraceMail.edge(server).recordSynthetic();
  }
}
