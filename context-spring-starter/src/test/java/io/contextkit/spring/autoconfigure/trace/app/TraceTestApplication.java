package io.contextkit.spring.autoconfigure.trace.app;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.PriorityOrdered;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A small real application: JPA entities (IDENTITY and SEQUENCE ids), a @Transactional service, a
 * REQUIRES_NEW service, programmatic transactions, JdbcTemplate, transactional event listeners,
 * an @Async writer, and a controller that calls an internal endpoint and a third party.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({
  TraceTestApplication.OrderService.class,
  TraceTestApplication.InnerService.class,
  TraceTestApplication.AsyncWriter.class,
  TraceTestApplication.Listeners.class,
  TraceTestApplication.OrderController.class
})
public class TraceTestApplication {

  /** Set by a test: the next JDBC rollback fails (once). */
  public static final AtomicBoolean FAIL_NEXT_ROLLBACK = new AtomicBoolean();

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  InMemoryUserDetailsManager users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}pw").authorities("USER").build(),
        User.withUsername("tracer").password("{noop}pw").authorities("CONTEXTKIT_TRACE").build());
  }

  @Bean
  RestClient restClient(RestClient.Builder builder) {
    return builder.build();
  }

  /** Wraps the pool (before the starter's guard) so a test can make one rollback fail. */
  @Bean
  static BeanPostProcessor failingRollbackPostProcessor() {
    return new FailingRollbackPostProcessor();
  }

  static final class FailingRollbackPostProcessor implements BeanPostProcessor, PriorityOrdered {
    @Override
    public int getOrder() {
      return 0;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      if (!(bean instanceof DataSource ds) || !beanName.equals("dataSource")) {
        return bean;
      }
      return Proxy.newProxyInstance(
          getClass().getClassLoader(),
          new Class<?>[] {DataSource.class},
          (proxy, method, args) -> {
            Object result = invoke(ds, method, args);
            if (result instanceof Connection c) {
              return failingRollback(c);
            }
            return result;
          });
    }

    private static Connection failingRollback(Connection connection) {
      InvocationHandler handler =
          (proxy, method, args) -> {
            if (method.getName().equals("rollback")
                && method.getParameterCount() == 0
                && FAIL_NEXT_ROLLBACK.compareAndSet(true, false)) {
              throw new SQLException("injected rollback failure");
            }
            return invoke(connection, method, args);
          };
      return (Connection)
          Proxy.newProxyInstance(
              FailingRollbackPostProcessor.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** Published by the order service; the listeners count what fired. */
  public record OrderPlaced(String ref) {}

  @Component
  public static class Listeners {
    public static final AtomicInteger AFTER_COMMIT = new AtomicInteger();
    public static final AtomicInteger AFTER_ROLLBACK = new AtomicInteger();

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void afterCommit(OrderPlaced event) {
      AFTER_COMMIT.incrementAndGet();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_ROLLBACK)
    public void afterRollback(OrderPlaced event) {
      AFTER_ROLLBACK.incrementAndGet();
    }
  }

  @Service
  public static class InnerService {
    @PersistenceContext EntityManager em;

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void ticketInNewTransaction(String code) {
      em.persist(new Ticket(code));
    }

    @Transactional
    public void failParticipating() {
      throw new IllegalStateException("inner failure");
    }
  }

  @Service
  public static class OrderService {
    @PersistenceContext EntityManager em;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final InnerService inner;

    OrderService(JdbcTemplate jdbc, ApplicationEventPublisher events, InnerService inner) {
      this.jdbc = jdbc;
      this.events = events;
      this.inner = inner;
    }

    @Transactional
    public long place(String ref) {
      PurchaseOrder order = new PurchaseOrder(ref, 10);
      em.persist(order);
      em.persist(new Ticket("t-" + ref));
      jdbc.update("insert into audit_log (message) values (?)", "placed " + ref);
      events.publishEvent(new OrderPlaced(ref));
      return order.id;
    }

    @Transactional
    public void ticket(String code) {
      em.persist(new Ticket(code));
    }

    @Transactional
    public void adjust(String sku, int quantity) {
      em.merge(new Stock(sku, quantity));
    }

    @Transactional
    public void remove(String sku) {
      Stock stock = em.find(Stock.class, sku);
      if (stock != null) {
        em.remove(stock);
      }
    }

    @Transactional
    public void placeWithInner(String ref) {
      em.persist(new PurchaseOrder(ref, 20));
      inner.ticketInNewTransaction("inner-" + ref);
    }

    @Transactional
    public void swallowInnerFailure(String ref) {
      em.persist(new PurchaseOrder(ref, 30));
      try {
        inner.failParticipating();
      } catch (IllegalStateException expected) {
        // The classic mistake: the participating transaction already marked the outer one.
      }
    }

    @Transactional
    public void plain(String ref) {
      em.persist(new PurchaseOrder(ref, 1));
    }
  }

  @Service
  public static class AsyncWriter {
    public static final AtomicInteger COMPLETED = new AtomicInteger();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    AsyncWriter(JdbcTemplate jdbc, TransactionTemplate transactions) {
      this.jdbc = jdbc;
      this.transactions = transactions;
    }

    @Async
    public CompletableFuture<Void> write(String ref) {
      try {
        transactions.executeWithoutResult(
            status -> jdbc.update("insert into audit_log (message) values (?)", "async " + ref));
      } finally {
        COMPLETED.incrementAndGet();
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  @RestController
  public static class OrderController {
    private final OrderService orders;
    private final AsyncWriter async;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final RestClient http;
    private final WebServerApplicationContext server;
    private final String thirdPartyUrl;
    private final String unackedUrl;

    OrderController(
        OrderService orders,
        AsyncWriter async,
        TransactionTemplate transactions,
        JdbcTemplate jdbc,
        RestClient http,
        @Lazy WebServerApplicationContext server,
        @Value("${test.third-party-url}") String thirdPartyUrl,
        @Value("${test.unacked-url}") String unackedUrl) {
      this.orders = orders;
      this.async = async;
      this.transactions = transactions;
      this.jdbc = jdbc;
      this.http = http;
      this.server = server;
      this.thirdPartyUrl = thirdPartyUrl;
      this.unackedUrl = unackedUrl;
    }

    /** Persists an order, asks the internal stock endpoint, charges the third party. */
    @PostMapping("/orders")
    ResponseEntity<Map<String, Object>> place(
        @RequestParam String ref, @RequestParam(defaultValue = "self") String internal) {
      long id = orders.place(ref);
      String internalUrl =
          internal.equals("unacked")
              ? unackedUrl
              : "http://localhost:" + server.getWebServer().getPort() + "/internal/stock";
      String stock = http.get().uri(internalUrl).retrieve().body(String.class);
      ResponseEntity<String> charge =
          http.post().uri(thirdPartyUrl + "/charges").body("{}").retrieve().toEntity(String.class);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("stock", stock);
      body.put("charge", charge.getBody());
      body.put("chargeStatus", charge.getStatusCode().value());
      return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @GetMapping("/internal/stock")
    String stock() {
      return "{\"available\":true}";
    }

    @PostMapping("/tickets")
    ResponseEntity<String> ticket(@RequestParam String code) {
      orders.ticket(code);
      return ResponseEntity.status(HttpStatus.CREATED).body("ok");
    }

    @PostMapping("/stock/{sku}")
    String adjust(@PathVariable String sku, @RequestParam int quantity) {
      orders.adjust(sku, quantity);
      return "ok";
    }

    @DeleteMapping("/stock/{sku}")
    String remove(@PathVariable String sku) {
      orders.remove(sku);
      return "ok";
    }

    @PostMapping("/orders/inner")
    String inner(@RequestParam String ref) {
      orders.placeWithInner(ref);
      return "ok";
    }

    @PostMapping("/orders/swallowed")
    String swallowed(@RequestParam String ref) {
      orders.swallowInnerFailure(ref);
      return "ok";
    }

    @PostMapping("/orders/template")
    String template(@RequestParam String ref) {
      transactions.executeWithoutResult(
          status -> jdbc.update("insert into audit_log (message) values (?)", "template " + ref));
      return "ok";
    }

    @PostMapping("/orders/autocommit")
    String autocommit(@RequestParam String ref) {
      jdbc.update("insert into audit_log (message) values (?)", "autocommit " + ref);
      return "ok";
    }

    @PostMapping("/orders/async")
    ResponseEntity<String> asyncWrite(@RequestParam String ref) {
      async.write(ref);
      return ResponseEntity.accepted().body("accepted");
    }

    @PostMapping("/orders/plain")
    String plain(@RequestParam String ref) {
      orders.plain(ref);
      return "ok";
    }

    /** Swallows a failed commit/rollback, as careless code does: the TRACE filter must not. */
    @PostMapping("/orders/careless")
    String careless(@RequestParam String ref) {
      try {
        orders.plain(ref);
      } catch (RuntimeException e) {
        return "ignored " + e.getClass().getSimpleName();
      }
      return "ok";
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<String> conflict(DataIntegrityViolationException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body("DataIntegrityViolationException");
    }

    @ExceptionHandler(UnexpectedRollbackException.class)
    ResponseEntity<String> unexpectedRollback(UnexpectedRollbackException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body("UnexpectedRollbackException");
    }
  }
}
