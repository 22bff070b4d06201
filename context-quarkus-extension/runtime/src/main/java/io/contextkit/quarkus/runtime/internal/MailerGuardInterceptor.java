package io.contextkit.quarkus.runtime.internal;

import io.contextkit.noop.TraceGuarded;
import io.quarkus.mailer.Mailer;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.ext.mail.MailClient;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.jspecify.annotations.Nullable;

/**
 * Guards every mailer of quarkus-mailer for TRACE. The {@code Mailer}, {@code ReactiveMailer} and
 * Vert.x {@code MailClient} beans of the default and of every named mailer ({@code @MailerName})
 * are synthetic beans that ask quarkus-mailer's {@code Mailers} bean for their instance by name,
 * and {@code MailTemplate} sends through the {@code ReactiveMailer} bean: this interceptor, bound
 * to {@code Mailers}, wraps each instance it hands out ({@link TraceGuardedMailer}, {@link
 * TraceGuardedReactiveMailer}, {@link TraceGuardedMailClient}). The mock mailbox is left alone.
 */
@MailerGuardBinding
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public final class MailerGuardInterceptor {

  /** Created by ArC. */
  public MailerGuardInterceptor() {}

  /** Wraps the mailer or client {@code Mailers} returns for a name. */
  @AroundInvoke
  public @Nullable Object around(InvocationContext invocation) throws Exception {
    Object result = invocation.proceed();
    if (result == null || result instanceof TraceGuarded) {
      return result;
    }
    Object[] parameters = invocation.getParameters();
    String quarkusName =
        parameters.length > 0 && parameters[0] instanceof String ? (String) parameters[0] : null;
    String name = TraceMail.mailerName(quarkusName);
    String server = TraceMail.server(quarkusName);
    return switch (invocation.getMethod().getName()) {
      case "mailerFromName" -> new TraceGuardedMailer((Mailer) result, name, server);
      case "reactiveMailerFromName" ->
          new TraceGuardedReactiveMailer((ReactiveMailer) result, name, server);
      case "mailClientFromName" -> new TraceGuardedMailClient((MailClient) result, name, server);
      case "reactiveMailClientFromName" ->
          io.vertx.mutiny.ext.mail.MailClient.newInstance(
              new TraceGuardedMailClient(
                  ((io.vertx.mutiny.ext.mail.MailClient) result).getDelegate(), name, server));
      default -> result;
    };
  }
}
