package io.contextkit.quarkus.runtime.internal;

import io.contextkit.RequestContext;
import io.contextkit.noop.TraceGuarded;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.MailResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The Vert.x {@link MailClient} bean of a mailer (what an application injects to send {@link
 * MailMessage}s itself), guarded like the mailers: a TRACE request's message is reported as a
 * {@code MAIL} effect and answered with an empty {@link MailResult}, never sent.
 */
final class TraceGuardedMailClient implements MailClient, TraceGuarded {

  private final MailClient delegate;
  private final String name;
  private final String server;

  TraceGuardedMailClient(MailClient delegate, String name, String server) {
    this.delegate = delegate;
    this.name = name;
    this.server = server;
  }

  @Override
  public MailClient sendMail(MailMessage message, Handler<AsyncResult<MailResult>> handler) {
    RequestContext context = RequestContexts.current();
    if (!context.isTrace()) {
      long start = System.nanoTime();
      delegate.sendMail(
          message,
          result -> {
            TraceMail.edge(server).record(System.nanoTime() - start, result.failed(), false);
            if (handler != null) {
              handler.handle(result);
            }
          });
      return this;
    }
    Future<MailResult> captured = capture(context, message);
    if (handler != null) {
      handler.handle(captured);
    }
    return this;
  }

  @Override
  public Future<MailResult> sendMail(MailMessage message) {
    RequestContext context = RequestContexts.current();
    if (!context.isTrace()) {
      long start = System.nanoTime();
      return delegate
          .sendMail(message)
          .onComplete(
              result ->
                  TraceMail.edge(server).record(System.nanoTime() - start, result.failed(), false));
    }
    return capture(context, message);
  }

  private Future<MailResult> capture(RequestContext context, MailMessage message) {
    TraceMail.captured(
        context,
        name,
        List.of(list(message.getTo()), list(message.getCc()), list(message.getBcc())));
    TraceMail.edge(server).recordSynthetic();
    return Future.succeededFuture(new MailResult());
  }

  private static List<String> list(List<String> addresses) {
    return addresses == null ? List.of() : new ArrayList<>(addresses);
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public void close(Handler<AsyncResult<Void>> handler) {
    delegate.close(handler);
  }
}
