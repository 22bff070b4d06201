package io.contextkit.quarkus.test.devui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The smallest resource: the Dev UI tests only need a request to pass ContextKit's entry. */
@Path("/ping")
public class PingResource {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String ping() {
    return "pong";
  }
}
