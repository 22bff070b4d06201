package io.contextkit.spring.autoconfigure.trace.reactive;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A small real WebFlux + Spring Data R2DBC application: a repository, {@code @Transactional}
 * reactive service methods (and one on a controller method), {@code TransactionalOperator}, {@code
 * DatabaseClient} with and without a transaction, streamed bodies, redirects and errors. HTTP Basic
 * user {@code tracer} holds the TRACE permission.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableR2dbcRepositories(considerNestedRepositories = true)
@Import({
  ReactiveTraceTestApplication.Items.class,
  ReactiveTraceTestApplication.ItemController.class
})
public class ReactiveTraceTestApplication {

  /** The schema, created by the tests over JDBC before the application starts. */
  public static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS r_item (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS r_ledger (id BIGSERIAL PRIMARY KEY, item TEXT NOT NULL, note TEXT)"
  };

  @Bean
  SecurityWebFilterChain security(ServerHttpSecurity http) {
    return http.authorizeExchange(exchange -> exchange.anyExchange().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .build();
  }

  @Bean
  MapReactiveUserDetailsService users() {
    return new MapReactiveUserDetailsService(
        User.withUsername("tracer").password("{noop}pw").authorities("CONTEXTKIT_TRACE").build());
  }

  @Table("r_item")
  public record Item(@Id Long id, String name) {}

  interface ItemRepository extends ReactiveCrudRepository<Item, Long> {}

  @Service
  public static class Items {

    private final ItemRepository repository;
    private final DatabaseClient database;
    private final TransactionalOperator operator;
    private final ConnectionFactory connectionFactory;

    Items(
        ItemRepository repository,
        DatabaseClient database,
        TransactionalOperator operator,
        ConnectionFactory connectionFactory) {
      this.repository = repository;
      this.database = database;
      this.operator = operator;
      this.connectionFactory = connectionFactory;
    }

    Mono<Long> ledger(String item, String note) {
      return database
          .sql("INSERT INTO r_ledger (item, note) VALUES (:item, :note)")
          .bind("item", item)
          .bind("note", note)
          .fetch()
          .rowsUpdated();
    }

    /** Repository and DatabaseClient in one {@code @Transactional} service method. */
    @Transactional
    public Mono<Item> createWithLedger(String name) {
      return repository.save(new Item(null, name)).flatMap(i -> ledger(name, "tx").thenReturn(i));
    }

    /** The same through {@code TransactionalOperator}. */
    public Mono<Item> createWithOperator(String name) {
      return repository
          .save(new Item(null, name))
          .flatMap(i -> ledger(name, "operator").thenReturn(i))
          .as(operator::transactional);
    }

    /** A DatabaseClient-only write in a {@code TransactionalOperator} transaction. */
    public Mono<Long> ledgerInTransaction(String name) {
      return ledger(name, "dbclient").as(operator::transactional);
    }

    /** A DatabaseClient write with no transaction at all: autocommit, the backstop's case. */
    public Mono<Long> ledgerAutocommit(String name) {
      return ledger(name, "autocommit");
    }

    /** The write starts on other schedulers than the request's thread. */
    @Transactional
    public Mono<Item> createAfterHops(String name) {
      return Mono.just(name)
          .publishOn(Schedulers.parallel())
          .flatMap(n -> Mono.delay(Duration.ofMillis(5)).thenReturn(n))
          .publishOn(Schedulers.boundedElastic())
          .flatMap(n -> repository.save(new Item(null, n)))
          .subscribeOn(Schedulers.boundedElastic());
    }

    @Transactional
    public Mono<Item> rename(long id, String name) {
      return repository
          .findById(id)
          .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)))
          .flatMap(i -> repository.save(new Item(i.id(), name)));
    }

    @Transactional
    public Mono<Void> delete(long id) {
      return repository.deleteById(id);
    }

    /** Many rows in one transaction, emitted one by one. */
    @Transactional
    public Flux<Item> createMany(String prefix, int count) {
      return Flux.range(0, count).concatMap(i -> repository.save(new Item(null, prefix + i)));
    }

    /**
     * A commit that reaches the connection factory itself, outside every transaction manager: what
     * the R2DBC backstop exists for.
     */
    public Mono<Void> commitBehindTheTransactionManager(String name) {
      return Mono.usingWhen(
          connectionFactory.create(),
          (Connection c) ->
              Mono.from(c.beginTransaction())
                  .then(
                      Flux.from(
                              c.createStatement("INSERT INTO r_ledger (item, note) VALUES ($1, $2)")
                                  .bind(0, name)
                                  .bind(1, "raw")
                                  .execute())
                          .flatMap(r -> r.getRowsUpdated())
                          .then())
                  .then(Mono.from(c.commitTransaction())),
          Connection::close);
    }
  }

  @RestController
  public static class ItemController {

    private final ItemRepository repository;
    private final Items items;

    ItemController(ItemRepository repository, Items items) {
      this.repository = repository;
      this.items = items;
    }

    @PostMapping("/items")
    Mono<ResponseEntity<Item>> create(@RequestParam String name) {
      return repository
          .save(new Item(null, name))
          .map(i -> ResponseEntity.status(HttpStatus.CREATED).body(i));
    }

    @PostMapping("/items/tx")
    Mono<Item> createWithLedger(@RequestParam String name) {
      return items.createWithLedger(name);
    }

    @PostMapping("/items/operator")
    Mono<Item> createWithOperator(@RequestParam String name) {
      return items.createWithOperator(name);
    }

    @PostMapping("/ledger")
    Mono<Map<String, Long>> ledger(@RequestParam String name) {
      return items.ledgerInTransaction(name).map(n -> Map.of("rows", n));
    }

    @PostMapping("/ledger/autocommit")
    Mono<Map<String, Long>> ledgerAutocommit(@RequestParam String name) {
      return items.ledgerAutocommit(name).map(n -> Map.of("rows", n));
    }

    @PostMapping("/items/hops")
    Mono<Item> hops(@RequestParam String name) {
      return items.createAfterHops(name);
    }

    /** {@code @Transactional} on the controller method itself. */
    @Transactional
    @PostMapping("/items/controller-tx")
    public Mono<Item> controllerTransaction(@RequestParam String name) {
      return repository
          .save(new Item(null, name))
          .flatMap(i -> items.ledger(name, "controller").thenReturn(i));
    }

    /** {@code @Transactional} on a controller method that streams. */
    @Transactional
    @PostMapping(value = "/items/controller-stream", produces = MediaType.APPLICATION_NDJSON_VALUE)
    public Flux<Item> controllerStream(@RequestParam String prefix, @RequestParam int count) {
      return Flux.range(0, count).concatMap(i -> repository.save(new Item(null, prefix + i)));
    }

    @PutMapping("/items/{id}")
    Mono<Item> rename(@PathVariable long id, @RequestParam String name) {
      return items.rename(id, name);
    }

    @DeleteMapping("/items/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable long id) {
      return items.delete(id).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/items/redirect")
    Mono<ResponseEntity<Void>> createAndRedirect(@RequestParam String name) {
      return repository
          .save(new Item(null, name))
          .map(
              i ->
                  ResponseEntity.status(HttpStatus.SEE_OTHER)
                      .location(URI.create("/items/" + i.id()))
                      .build());
    }

    /** Writes, then fails: Spring Boot's error handler answers 500. */
    @PostMapping("/items/fail")
    Mono<Item> createAndFail(@RequestParam String name) {
      return items
          .createWithLedger(name)
          .flatMap(i -> Mono.error(new IllegalStateException("boom after writing " + i.name())));
    }

    @GetMapping(value = "/items/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<Item> stream(@RequestParam String prefix, @RequestParam int count) {
      return items.createMany(prefix, count);
    }

    /** Streams rows, then — after the last element — commits behind the transaction manager. */
    @GetMapping(
        value = "/items/stream-late-violation",
        produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<Item> streamThenViolate(@RequestParam String prefix, @RequestParam int count) {
      return items
          .createMany(prefix, count)
          .concatWith(items.commitBehindTheTransactionManager(prefix + "-raw").then(Mono.empty()));
    }

    @PostMapping("/violation")
    Mono<Map<String, String>> violation(@RequestParam String name) {
      return items.commitBehindTheTransactionManager(name).thenReturn(Map.of("ok", "true"));
    }

    @GetMapping("/items/count")
    Mono<Map<String, Long>> count() {
      return repository.count().map(n -> Map.of("count", n));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Map<String, String>> duplicate(DuplicateKeyException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "duplicate"));
    }
  }
}
