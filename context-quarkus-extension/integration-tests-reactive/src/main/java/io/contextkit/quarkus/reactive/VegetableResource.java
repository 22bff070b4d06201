package io.contextkit.quarkus.reactive;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A Panache repository with programmatic {@code Panache.withTransaction}. */
@Path("/vegetables")
public class VegetableResource {

  @Inject VegetableRepository repository;

  @GET
  public Uni<List<Vegetable>> list() {
    return Panache.withSession(() -> repository.listAll());
  }

  @POST
  public Uni<Response> create(Vegetable vegetable) {
    return Panache.withTransaction(() -> repository.persist(vegetable))
        .map(v -> Response.status(Response.Status.CREATED).entity(v).build());
  }

  @PUT
  @Path("/{id}")
  public Uni<Vegetable> rename(Long id, Vegetable vegetable) {
    return Panache.withTransaction(
        () ->
            repository
                .findById(id)
                .onItem()
                .ifNull()
                .failWith(NotFoundException::new)
                .invoke(existing -> existing.name = vegetable.name));
  }

  @DELETE
  @Path("/{id}")
  public Uni<Response> delete(Long id) {
    return Panache.withTransaction(() -> repository.deleteById(id))
        .map(deleted -> deleted ? Response.noContent().build() : Response.status(404).build());
  }
}
