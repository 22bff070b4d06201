package io.contextkit.quarkus.channels;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.mailer.MailerName;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.MailMessage;
import io.vertx.mutiny.ext.mail.MailClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Sends one mail to {@code to} through each kind of quarkus-mailer bean. */
@Path("/mail")
public class MailResource {

  @Inject Mailer mailer;
  @Inject ReactiveMailer reactiveMailer;

  @Inject
  @MailerName("notifications")
  Mailer notifications;

  @Inject MailClient mailClient;

  @POST
  @Path("/blocking/{to}")
  public String blocking(@PathParam("to") String to) {
    mailer.send(Mail.withText(to, "Your order", "Thanks for your order"));
    return "sent";
  }

  @POST
  @Path("/reactive/{to}")
  public Uni<String> reactive(@PathParam("to") String to) {
    return reactiveMailer
        .send(Mail.withText(to, "Your invoice", "Here is your invoice"))
        .replaceWith("sent");
  }

  @POST
  @Path("/named/{to}")
  public String named(@PathParam("to") String to) {
    notifications.send(
        Mail.withText(to, "Heads up", "Something happened").addCc("ops@example.org"));
    return "sent";
  }

  @POST
  @Path("/client/{to}")
  public String client(@PathParam("to") String to) {
    mailClient
        .sendMail(
            new MailMessage()
                .setFrom("app@example.com")
                .setTo(to)
                .setSubject("Raw")
                .setText("Sent with the Vert.x client"))
        .await()
        .indefinitely();
    return "sent";
  }
}
