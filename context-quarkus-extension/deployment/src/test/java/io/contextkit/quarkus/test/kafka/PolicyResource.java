package io.contextkit.quarkus.test.kafka;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes one record to an internal topic and one to a partner's, from one REST request. */
@Path("/policy")
public class PolicyResource {

  @Inject
  @Channel("ledger-out")
  Emitter<String> ledger;

  @Inject
  @Channel("partner-out")
  Emitter<String> partner;

  @POST
  @Path("/{id}")
  public void publish(@PathParam("id") String id) {
    ledger.send(id).toCompletableFuture().join();
    partner.send(id).toCompletableFuture().join();
  }
}
