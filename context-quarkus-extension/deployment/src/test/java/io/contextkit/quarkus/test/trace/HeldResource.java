package io.contextkit.quarkus.test.trace;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Responses of every kind a TRACE request can get: a redirect, a client error, a server error,
 * bodies Quarkus REST streams (a {@code Multi}, a {@code StreamingOutput} larger than its output
 * buffer) that write to the database after their first bytes, and a transaction that only reads.
 */
@Path("/held")
public class HeldResource {

  /** More than Quarkus REST's output buffer (8 KiB by default). */
  static final int LARGE = 64 * 1024;

  @Inject AgroalDataSource dataSource;
  @Inject EntityManager em;

  @GET
  @Path("/redirect")
  public Response redirect() {
    return Response.seeOther(URI.create("/held/elsewhere")).build();
  }

  @GET
  @Path("/missing")
  public String missing() {
    throw new NotFoundException("no such item");
  }

  @GET
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("boom");
  }

  /** Streams two items; producing the second writes to the database outside a transaction. */
  @GET
  @Path("/stream/{name}")
  @Produces(MediaType.APPLICATION_JSON)
  @Blocking
  public Multi<String> stream(@PathParam("name") String name) {
    return Multi.createFrom()
        .items("a", "b")
        .map(
            item -> {
              if (item.equals("b")) {
                insertAutocommit(name);
              }
              return item;
            });
  }

  /** The same as {@link #stream} as server-sent events, whose headers go out before any item. */
  @GET
  @Path("/events/{name}")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Blocking
  public Multi<String> events(@PathParam("name") String name) {
    return stream(name);
  }

  @GET
  @Path("/letters")
  @Produces(MediaType.APPLICATION_JSON)
  public Multi<String> letters() {
    return Multi.createFrom().items("a", "b", "c");
  }

  /** Writes more than the output buffer, flushes, then writes to the database. */
  @GET
  @Path("/output/{name}")
  @Produces(MediaType.TEXT_PLAIN)
  @Blocking
  public Response output(@PathParam("name") String name) {
    StreamingOutput body =
        out -> {
          out.write("z".repeat(LARGE).getBytes(StandardCharsets.US_ASCII));
          out.flush();
          insertAutocommit(name);
        };
    return Response.ok(body).build();
  }

  /** A transaction that only reads. */
  @GET
  @Path("/count")
  @Produces(MediaType.TEXT_PLAIN)
  @Transactional
  public String count() {
    return String.valueOf(em.createQuery("select count(i) from Item i").getSingleResult());
  }

  private void insertAutocommit(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert = c.prepareStatement("insert into item (name) values (?)")) {
      insert.setString(1, name);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
