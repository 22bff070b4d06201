package io.contextkit.sample.inventory;

import io.quarkus.rest.client.reactive.ClientBasicAuth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The orders service ({@code inventory.orders-url}), called as the service user {@code inventory}.
 * ContextKit's client filter adds the current context, signed, because the orders host is inside
 * the trust boundary ({@code quarkus.contextkit.trust.internal-hosts}).
 */
@RegisterRestClient(configKey = "orders")
@ClientBasicAuth(
    username = "${inventory.orders-username}",
    password = "${inventory.orders-password}")
@Path("/orders")
public interface OrdersClient {

  /** The order {@code id}; a 4xx or 5xx answer is thrown as a {@code WebApplicationException}. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  OrderView get(@PathParam("id") long id);
}
