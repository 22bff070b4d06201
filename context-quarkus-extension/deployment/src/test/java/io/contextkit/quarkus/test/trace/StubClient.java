package io.contextkit.quarkus.test.trace;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A REST client of the stub (built programmatically with the stub's address). */
@Path("/")
public interface StubClient {

  @POST
  @Path("{path}")
  @Produces(MediaType.TEXT_PLAIN)
  String post(@PathParam("path") String path);
}
