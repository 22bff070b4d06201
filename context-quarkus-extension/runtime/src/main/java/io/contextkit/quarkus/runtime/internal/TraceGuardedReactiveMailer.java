package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceGuarded;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A {@link ReactiveMailer} that sends for STANDARD requests and captures the mails of a TRACE
 * request: the returned {@code Uni} completes when subscribed, nothing reaches the SMTP server, and
 * each mail is reported as a {@code MAIL} effect. The request is the one current where {@code send}
 * is called (what {@code MailTemplate} does on the request's thread or event loop).
 */
final class TraceGuardedReactiveMailer implements ReactiveMailer, TraceGuarded {

  private final ReactiveMailer delegate;
  private final String name;

  TraceGuardedReactiveMailer(ReactiveMailer delegate, String name) {
    this.delegate = delegate;
    this.name = name;
  }

  @Override
  public Uni<Void> send(Mail... mails) {
    RequestContext context = RequestContexts.current();
    if (!context.isTrace()) {
      return delegate.send(mails);
    }
    return Uni.createFrom()
        .item(
            () -> {
              for (Mail mail : mails) {
                TraceMail.captured(
                    context, name, List.of(mail.getTo(), mail.getCc(), mail.getBcc()));
              }
              return null;
            });
  }
}
