package io.contextkit.quarkus.test.kafka;

import io.contextkit.quarkus.test.Logs;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/** Publishes an order to Kafka through an emitter, from inside a REST request. */
@Path("/orders")
public class OrderResource {

  private static final Logger LOG = Logger.getLogger(Logs.CATEGORY);

  @Inject
  @Channel("orders-out")
  Emitter<String> emitter;

  @POST
  @Path("/{id}")
  public void publish(@PathParam("id") String id) {
    LOG.info("publishing " + id);
    emitter.send(id).toCompletableFuture().join();
  }
}
