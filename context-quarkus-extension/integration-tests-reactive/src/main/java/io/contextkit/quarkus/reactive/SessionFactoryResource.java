package io.contextkit.quarkus.reactive;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.hibernate.reactive.mutiny.Mutiny;

/** Hibernate Reactive's own API: a transaction, and a session flushed without one. */
@Path("/session-factory")
public class SessionFactoryResource {

  @Inject Mutiny.SessionFactory sessionFactory;

  @POST
  @Path("/transaction/{name}")
  public Uni<Long> inTransaction(String name) {
    Fruit fruit = new Fruit(name);
    return sessionFactory.withTransaction(session -> session.persist(fruit)).map(v -> fruit.id);
  }

  @POST
  @Path("/flush/{name}")
  public Uni<Long> flushWithoutTransaction(String name) {
    Fruit fruit = new Fruit(name);
    return sessionFactory
        .withSession(session -> session.persist(fruit).call(session::flush))
        .map(v -> fruit.id);
  }
}
