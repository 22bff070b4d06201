package io.contextkit.quarkus.channels;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.concurrent.TimeUnit;

/**
 * Calls the stub with WebClients the application creates itself, as the Vert.x guide shows: the
 * Mutiny one and the core one. Answers {@code status body}.
 */
@Path("/webclient")
public class WebClientResource {

  @Inject io.vertx.mutiny.core.Vertx mutinyVertx;
  @Inject Vertx vertx;

  @POST
  @Path("/mutiny")
  public String mutiny(@QueryParam("url") String url) {
    io.vertx.mutiny.ext.web.client.WebClient client =
        io.vertx.mutiny.ext.web.client.WebClient.create(mutinyVertx);
    try {
      io.vertx.mutiny.ext.web.client.HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response =
          client.postAbs(url).send().await().indefinitely();
      return response.statusCode() + " " + response.bodyAsString();
    } finally {
      client.close();
    }
  }

  @POST
  @Path("/core")
  public String core(@QueryParam("url") String url) throws Exception {
    WebClient client = WebClient.create(vertx);
    try {
      HttpResponse<String> response =
          client
              .postAbs(url)
              .as(BodyCodec.string())
              .send()
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      return response.statusCode() + " " + response.body();
    } finally {
      client.close();
    }
  }
}
