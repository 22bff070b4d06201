package io.contextkit.quarkus.reactive;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Notes kept with the Vert.x SQL client directly, in every way the client offers. */
@Path("/notes")
public class NoteResource {

  private static final String INSERT = "INSERT INTO note (text) VALUES ($1)";

  // A plain executor, not managed by Quarkus: Mutiny's context propagation must carry the request
  // across it.
  private static final ExecutorService PLAIN = Executors.newSingleThreadExecutor();

  @Inject Pool pool;

  @Inject io.vertx.sqlclient.Pool barePool;

  void createTable(@Observes StartupEvent startup) {
    pool.query("CREATE TABLE IF NOT EXISTS note (id SERIAL PRIMARY KEY, text VARCHAR(60) UNIQUE)")
        .execute()
        .await()
        .indefinitely();
  }

  @GET
  public Uni<List<String>> list() {
    return pool.query("SELECT text FROM note ORDER BY text").execute().map(NoteResource::texts);
  }

  @POST
  @Path("/with-transaction/{text}")
  public Uni<Integer> withTransaction(String text) {
    return pool.withTransaction(
        connection ->
            connection.preparedQuery(INSERT).execute(Tuple.of(text)).map(RowSet::rowCount));
  }

  @POST
  @Path("/begin-commit/{text}")
  public Uni<Integer> beginCommit(String text) {
    return pool.getConnection()
        .chain(
            connection ->
                connection
                    .begin()
                    .chain(
                        tx ->
                            connection
                                .preparedQuery(INSERT)
                                .execute(Tuple.of(text))
                                .call(tx::commit)
                                .map(RowSet::rowCount))
                    .eventually(connection::close));
  }

  @POST
  @Path("/autocommit/{text}")
  public Uni<Integer> autocommitInsert(String text) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(text)).map(RowSet::rowCount);
  }

  @PUT
  @Path("/autocommit/{from}/{to}")
  public Uni<Integer> autocommitUpdate(String from, String to) {
    return pool.preparedQuery("UPDATE note SET text = $2 WHERE text = $1")
        .execute(Tuple.of(from, to))
        .map(RowSet::rowCount);
  }

  @DELETE
  @Path("/autocommit/{text}")
  public Uni<Integer> autocommitDelete(String text) {
    return pool.preparedQuery("DELETE FROM note WHERE text = $1")
        .execute(Tuple.of(text))
        .map(RowSet::rowCount);
  }

  /** Several statements on one connection without a transaction; the second reads the first. */
  @POST
  @Path("/connection-autocommit/{text}")
  public Uni<Long> connectionAutocommit(String text) {
    return pool.withConnection(
        connection ->
            connection
                .preparedQuery(INSERT)
                .execute(Tuple.of(text))
                .chain(
                    ignored ->
                        connection
                            .preparedQuery("SELECT count(*) FROM note WHERE text = $1")
                            .execute(Tuple.of(text)))
                .map(rows -> rows.iterator().next().getLong(0)));
  }

  @POST
  @Path("/bare/{text}")
  public Uni<Integer> bare(String text) {
    return Uni.createFrom()
        .completionStage(
            () ->
                barePool
                    .withTransaction(
                        connection ->
                            connection
                                .preparedQuery(INSERT)
                                .execute(io.vertx.sqlclient.Tuple.of(text))
                                .map(io.vertx.sqlclient.SqlResult::rowCount))
                    .toCompletionStage());
  }

  /** Uses the PostgreSQL connection type, as LISTEN/NOTIFY code does. */
  @POST
  @Path("/pg-connection/{text}")
  public Uni<Integer> pgConnection(String text) {
    return pool.withTransaction(
        connection -> {
          PgConnection pg = PgConnection.cast(connection);
          return pg.preparedQuery(INSERT)
              .execute(Tuple.of(text + "-" + (pg.processId() > 0)))
              .map(RowSet::rowCount);
        });
  }

  @POST
  @Path("/ddl")
  public Uni<Integer> ddl() {
    return pool.query("CREATE TABLE trace_ddl (x INT)").execute().map(RowSet::rowCount);
  }

  /** DDL whose failure the application shrugs off: it answers 0 instead of an error. */
  @POST
  @Path("/ddl-recovered")
  public Uni<Integer> ddlRecovered() {
    return pool.query("CREATE TABLE IF NOT EXISTS ddl_recovered (x INT)")
        .execute()
        .map(rows -> 1)
        .onFailure()
        .recoverWithItem(0);
  }

  @POST
  @Path("/emit-on/{text}")
  public Uni<Integer> emitOn(String text) {
    return Uni.createFrom()
        .item(text)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .chain(this::insertInTransaction);
  }

  @POST
  @Path("/run-subscription-on/{text}")
  public Uni<Integer> runSubscriptionOn(String text) {
    return Uni.createFrom()
        .deferred(() -> insertInTransaction(text))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  @POST
  @Path("/plain-executor/{text}")
  public Uni<Integer> plainExecutor(String text) {
    return Uni.createFrom().item(text).emitOn(PLAIN).chain(this::insertInTransaction);
  }

  private Uni<Integer> insertInTransaction(String text) {
    return pool.withTransaction(
        (SqlConnection connection) ->
            connection.preparedQuery(INSERT).execute(Tuple.of(text)).map(RowSet::rowCount));
  }

  private static List<String> texts(RowSet<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(row.getString(0));
    }
    return out;
  }
}
