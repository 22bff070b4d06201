package io.contextkit.quarkus.test.trace;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the stub with the REST client or the injected JDK HttpClient; answers what came back. */
@Path("/out")
public class OutboundResource {

  @Inject HttpClient http;

  @POST
  @Path("/rest")
  public String rest(@QueryParam("base") String base, @QueryParam("path") String path) {
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(URI.create(base))
        .build(StubClient.class)
        .post(path);
  }

  @POST
  @Path("/jdk")
  public String jdk(@QueryParam("base") String base, @QueryParam("path") String path)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/" + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
