package io.contextkit.quarkus.channels;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes from a REST request to an external or an internal queue, over AMQP or JMS. */
@Path("/publish")
public class PublishResource {

  @Inject
  @Channel("amqp-payments-out")
  Emitter<String> amqpPayments;

  @Inject
  @Channel("amqp-audit-out")
  Emitter<String> amqpAudit;

  @Inject
  @Channel("jms-payments-out")
  Emitter<String> jmsPayments;

  @Inject
  @Channel("jms-audit-out")
  Emitter<String> jmsAudit;

  @POST
  @Path("/{connector}/{destination}/{id}")
  public String publish(
      @PathParam("connector") String connector,
      @PathParam("destination") String destination,
      @PathParam("id") String id) {
    Emitter<String> emitter =
        switch (connector + "/" + destination) {
          case "amqp/payments" -> amqpPayments;
          case "amqp/audit" -> amqpAudit;
          case "jms/payments" -> jmsPayments;
          case "jms/audit" -> jmsAudit;
          default -> throw new IllegalArgumentException(connector + "/" + destination);
        };
    emitter.send(id).toCompletableFuture().join();
    return "sent " + id;
  }
}
