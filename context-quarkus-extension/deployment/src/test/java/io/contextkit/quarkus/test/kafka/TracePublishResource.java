package io.contextkit.quarkus.test.kafka;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes to an external topic (payments) or an internal one (audit, ledger, relay) from a REST
 * request.
 */
@Path("/publish")
public class TracePublishResource {

  @Inject
  @Channel("payments-out")
  Emitter<String> payments;

  @Inject
  @Channel("audit-out")
  Emitter<String> audit;

  @Inject
  @Channel("ledger-out")
  Emitter<String> ledger;

  @Inject
  @Channel("relay-requests")
  Emitter<String> relay;

  @POST
  @Path("/relay/{id}")
  public String relay(@PathParam("id") String id) {
    relay.send(id).toCompletableFuture().join();
    return "sent " + id;
  }

  @POST
  @Path("/ledger/{id}")
  public String ledger(@PathParam("id") String id) {
    ledger.send(id).toCompletableFuture().join();
    return "sent " + id;
  }

  @POST
  @Path("/payments/{id}")
  public String payment(@PathParam("id") String id) {
    payments.send(id).toCompletableFuture().join();
    return "sent " + id;
  }

  @POST
  @Path("/audit/{id}")
  public String audit(@PathParam("id") String id) {
    audit.send(id).toCompletableFuture().join();
    return "sent " + id;
  }
}
