package io.contextkit.quarkus.test.trace;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionManager;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

@Path("/items")
public class ItemResource {

  @Inject ItemService service;
  @Inject EntityManager em;
  @Inject AgroalDataSource dataSource;
  @Inject TransactionManager transactionManager;

  @POST
  @Path("/tx/{name}")
  public String transactional(@PathParam("name") String name) {
    service.save(name);
    return "saved " + name;
  }

  @POST
  @Path("/rename/{from}/{to}")
  public String rename(@PathParam("from") String from, @PathParam("to") String to) {
    service.rename(from, to);
    return "renamed " + from;
  }

  @POST
  @Path("/nested/{name}")
  public String nested(@PathParam("name") String name) {
    service.saveWithInner(name);
    return "saved " + name;
  }

  @POST
  @Path("/programmatic/{name}")
  public String programmatic(@PathParam("name") String name) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              em.persist(new Item(name));
              service.saveJoined(name + "-joined");
            });
    return "saved " + name;
  }

  /**
   * The TransactionManager bean used by hand: a front door the TRACE guards leave to the backstop.
   */
  @POST
  @Path("/manual/{name}")
  public String manual(@PathParam("name") String name) throws Exception {
    transactionManager.begin();
    try {
      em.persist(new Item(name));
    } catch (RuntimeException e) {
      transactionManager.rollback();
      throw e;
    }
    transactionManager.commit();
    return "saved " + name;
  }

  /** Plain JDBC with its own local transaction: the commit reaches the physical connection. */
  @POST
  @Path("/jdbc-commit/{name}")
  public String jdbcCommit(@PathParam("name") String name) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("insert into item (name) values (?)")) {
        insert.setString(1, name);
        insert.executeUpdate();
      }
      c.commit();
      c.setAutoCommit(true);
    }
    return "saved " + name;
  }

  /** Plain JDBC without a transaction: the pool's connections are in autocommit mode. */
  @POST
  @Path("/jdbc/{name}")
  public String jdbc(@PathParam("name") String name) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert = c.prepareStatement("insert into item (name) values (?)")) {
      insert.setString(1, name);
      insert.executeUpdate();
    }
    return "saved " + name;
  }
}
