package io.contextkit.quarkus.reactive;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Active record with {@code @WithTransaction}, as an application author writes it. */
@Path("/fruits")
public class FruitResource {

  @GET
  public Uni<List<Fruit>> list() {
    return Fruit.listAll(Sort.by("name"));
  }

  @GET
  @Path("/{id}")
  public Uni<Fruit> get(Long id) {
    return Fruit.<Fruit>findById(id).onItem().ifNull().failWith(NotFoundException::new);
  }

  @POST
  @WithTransaction
  public Uni<Response> create(Fruit fruit) {
    return fruit
        .<Fruit>persist()
        .map(f -> Response.status(Response.Status.CREATED).entity(f).build());
  }

  @PUT
  @Path("/{id}")
  @WithTransaction
  public Uni<Fruit> rename(Long id, Fruit fruit) {
    return Fruit.<Fruit>findById(id)
        .onItem()
        .ifNull()
        .failWith(NotFoundException::new)
        .invoke(existing -> existing.name = fruit.name);
  }

  @DELETE
  @Path("/{id}")
  @WithTransaction
  public Uni<Response> delete(Long id) {
    return Fruit.deleteById(id)
        .map(deleted -> deleted ? Response.noContent().build() : Response.status(404).build());
  }
}
