package io.contextkit.quarkus.test;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A REST client calling back into the same application. */
@Path("/ctx")
public interface EchoClient {

  @GET
  @Path("/echo")
  @Produces(MediaType.TEXT_PLAIN)
  String echo();
}
