package io.contextkit.quarkus.otel;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A REST client of the stub, built programmatically with the destination's address. */
@Path("/")
public interface StubClient {

  @GET
  @Path("{path}")
  @Produces(MediaType.TEXT_PLAIN)
  String get(@PathParam("path") String path);
}
