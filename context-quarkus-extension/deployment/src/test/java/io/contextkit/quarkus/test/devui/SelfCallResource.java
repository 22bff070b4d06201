package io.contextkit.quarkus.test.devui;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Calls this application's own {@code /ping} with the injected JDK {@code HttpClient}, so that the
 * runtime dependency map gets an edge (named after the host and port the test reached).
 */
@Path("/self-call")
public class SelfCallResource {

  @Inject HttpClient http;

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String call(@Context UriInfo uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri.getBaseUri().resolve("ping")).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
