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
 * is called (what {@code MailTemplate} does on the request's thread or event loop). Each send is
 * counted in the runtime dependency map: a STANDARD one timed from subscription, a failure as an
 * error; a captured one as a synthetic call.
 */
final class TraceGuardedReactiveMailer implements ReactiveMailer, TraceGuarded {

  private final ReactiveMailer delegate;
  private final String name;
  private final String server;

  TraceGuardedReactiveMailer(ReactiveMailer delegate, String name, String server) {
    this.delegate = delegate;
    this.name = name;
    this.server = server;
  }

  @Override
  public Uni<Void> send(Mail... mails) {
    RequestContext context = RequestContexts.current();
    if (!context.isTrace()) {
      // Timed from subscription, when the mail client starts sending, to its outcome.
      return Uni.createFrom()
          .deferred(
              () -> {
                long start = System.nanoTime();
                return delegate
                    .send(mails)
                    .onItemOrFailure()
                    .invoke(
                        (item, failure) ->
                            TraceMail.edge(server)
                                .record(System.nanoTime() - start, failure != null, false));
              });
    }
    return Uni.createFrom()
        .item(
            () -> {
              for (Mail mail : mails) {
                TraceMail.captured(
                    context, name, List.of(mail.getTo(), mail.getCc(), mail.getBcc()));
              }
              TraceMail.edge(server).recordSynthetic();
              return null;
            });
  }
}
