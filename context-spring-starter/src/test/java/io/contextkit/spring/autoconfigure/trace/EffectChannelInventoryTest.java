package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.noop.TraceGuardDataSource;
import io.contextkit.noop.TracePolicy;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.ContextKitHttpClientAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.internal.TracePolicyHolder;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.connection.lookup.AbstractRoutingConnectionFactory;
import org.springframework.session.MapSessionRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import reactor.core.publisher.Mono;

/**
 * The inventory of effect channels the starter builds once the singletons exist: each kind of bean
 * classified guarded, safe or unguarded, and the TRACE policy built on it.
 */
class EffectChannelInventoryTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class,
                  ContextKitHttpClientAutoConfiguration.class,
                  ContextKitTraceAutoConfiguration.class));

  private static EffectChannelInventory inventory(ConfigurableApplicationContext context) {
    EffectChannelInventory inventory = policy(context).inventory();
    assertThat(inventory).isNotNull();
    return inventory;
  }

  private static TracePolicy policy(ConfigurableApplicationContext context) {
    return context.getBean(TracePolicyHolder.class).get();
  }

  private static @Nullable EffectChannel channel(
      ConfigurableApplicationContext context, Kind kind, String name) {
    for (EffectChannel channel : inventory(context).channels()) {
      if (channel.is(kind, name)) {
        return channel;
      }
    }
    return null;
  }

  private static Status status(ConfigurableApplicationContext context, Kind kind, String name) {
    EffectChannel channel = channel(context, kind, name);
    assertThat(channel).as(kind.id() + " " + name).isNotNull();
    return channel.status();
  }

  private static JdbcDataSource h2(String name) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  @Configuration(proxyBeanMethods = false)
  static class Guarded {
    @Bean
    DataSource dataSource() {
      return h2("inventory-guarded");
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    HttpClient httpClient() {
      return HttpClient.newHttpClient();
    }

    @Bean
    RestClient restClient() {
      return RestClient.create();
    }

    @Bean
    RestTemplate restTemplate() {
      return new RestTemplate();
    }

    @Bean
    ProducerFactory<String, String> producerFactory() {
      return new DefaultKafkaProducerFactory<>(Map.of());
    }
  }

  @Test
  void guardedBeansMakeAnInventoryThatLetsTraceRun() {
    contextRunner
        .withUserConfiguration(Guarded.class)
        .run(
            context -> {
              assertThat(status(context, Kind.DATA_SOURCE, "dataSource")).isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.TRANSACTION_MANAGER, "transactionManager"))
                  .isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.HTTP_CLIENT, "httpClient")).isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.HTTP_CLIENT, "restClient")).isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.HTTP_CLIENT, "restTemplate"))
                  .isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.KAFKA_PRODUCER, "producerFactory"))
                  .isEqualTo(Status.GUARDED);
              assertThat(inventory(context).unguarded()).isEmpty();
              assertThat(policy(context).refusal()).isNull();
            });
  }

  @Test
  void withTheHttpGuardOffClientsAreUnguardedAndTraceIsRefused() {
    contextRunner
        .withUserConfiguration(Guarded.class)
        .withPropertyValues("contextkit.client.enabled=false")
        .run(
            context -> {
              assertThat(status(context, Kind.HTTP_CLIENT, "restClient"))
                  .isEqualTo(Status.UNGUARDED);
              assertThat(status(context, Kind.HTTP_CLIENT, "httpClient"))
                  .isEqualTo(Status.UNGUARDED);
              assertThat(policy(context).refusal())
                  .contains("http-client restClient")
                  .contains("contextkit.trace.safe-channels.http-client.restClient=<reason>");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class NotGuardedYet {
    @Bean
    JavaMailSenderImpl mailSender() {
      JavaMailSenderImpl sender = new JavaMailSenderImpl();
      sender.setHost("localhost");
      return sender;
    }

    @Bean
    ConcurrentMapCacheManager cacheManager() {
      return new ConcurrentMapCacheManager("prices");
    }

    @Bean
    NoOpCacheManager noOpCacheManager() {
      return new NoOpCacheManager();
    }

    @Bean
    MapSessionRepository sessionRepository() {
      return new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
    }

    // A template on a producer factory that is not a bean: the post-processor never saw it.
    @Bean
    KafkaTemplate<String, String> kafkaTemplate() {
      return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of()));
    }
  }

  @Test
  void channelsContextKitDoesNotGuardAreUnguardedAndRefuseTrace() {
    contextRunner
        .withUserConfiguration(NotGuardedYet.class)
        .run(
            context -> {
              assertThat(status(context, Kind.MAIL_SENDER, "mailSender"))
                  .isEqualTo(Status.UNGUARDED);
              assertThat(status(context, Kind.CACHE, "cacheManager")).isEqualTo(Status.UNGUARDED);
              assertThat(channel(context, Kind.CACHE, "noOpCacheManager")).isNull();
              assertThat(status(context, Kind.SESSION_REPOSITORY, "sessionRepository"))
                  .isEqualTo(Status.UNGUARDED);
              assertThat(status(context, Kind.KAFKA_PRODUCER, "kafkaTemplate"))
                  .isEqualTo(Status.UNGUARDED);
              assertThat(policy(context).refusal())
                  .startsWith("TRACE request refused: 4 effect channels")
                  .contains(
                      "mail-sender mailSender (no TRACE guard for mail (its guard is off:"
                          + " contextkit.trace.mail.enabled))")
                  .contains("contextkit.trace.safe-channels.cache.cacheManager=<reason>");
            });
  }

  @Test
  void declaringEveryUnguardedChannelSafeLetsTraceRun() {
    contextRunner
        .withUserConfiguration(NotGuardedYet.class)
        .withPropertyValues(
            "contextkit.trace.safe-channels.mail-sender.mailSender=sandbox relay",
            "contextkit.trace.safe-channels.cache.cacheManager=prices are immutable",
            "contextkit.trace.safe-channels.session-repository.sessionRepository=in memory",
            "contextkit.trace.safe-channels.kafka-producer.kafkaTemplate=test topic")
        .run(
            context -> {
              EffectChannel mail = channel(context, Kind.MAIL_SENDER, "mailSender");
              assertThat(mail.status()).isEqualTo(Status.SAFE);
              assertThat(mail.detail()).isEqualTo("sandbox relay");
              assertThat(policy(context).refusal()).isNull();
            });
  }

  @Test
  void warnLetsTraceRunWhileChannelsAreUnguarded() {
    contextRunner
        .withUserConfiguration(NotGuardedYet.class)
        .withPropertyValues("contextkit.trace.unguarded-channels=warn")
        .run(
            context -> {
              assertThat(inventory(context).unguarded()).hasSize(4);
              assertThat(policy(context).refusal()).isNull();
            });
  }

  @Test
  void anUnknownKindInASafeDeclarationFailsStartupNamingTheKey() {
    contextRunner
        .withPropertyValues("contextkit.trace.safe-channels.mail.mailSender=reason")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("contextkit.trace.safe-channels.mail:")
                    .hasStackTraceContaining("unknown effect channel kind"));
  }

  @Configuration(proxyBeanMethods = false)
  static class Lazies {
    @Bean
    @Lazy
    JavaMailSenderImpl lazyMailSender() {
      return new JavaMailSenderImpl();
    }

    @Bean
    @Lazy
    DataSource lazyDataSource() {
      return h2("inventory-lazy");
    }
  }

  @Test
  void beansNotCreatedYetAreClassifiedByTypeWithoutBeingCreated() {
    contextRunner
        .withUserConfiguration(Lazies.class)
        .run(
            context -> {
              assertThat(status(context, Kind.MAIL_SENDER, "lazyMailSender"))
                  .isEqualTo(Status.UNGUARDED);
              assertThat(status(context, Kind.DATA_SOURCE, "lazyDataSource"))
                  .isEqualTo(Status.GUARDED);
              assertThat(context.getBeanFactory().containsSingleton("lazyMailSender")).isFalse();
            });
  }

  @Test
  void absentLibrariesCostNothing() {
    contextRunner
        .withUserConfiguration(Guarded.class)
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.mail", "org.springframework.session", "io.r2dbc"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(inventory(context).unguarded()).isEmpty();
            });
  }

  static final class SmsGateway {}

  @Configuration(proxyBeanMethods = false)
  static class Contributed {
    @Bean
    SmsGateway smsGateway() {
      return new SmsGateway();
    }

    @Bean
    JavaMailSenderImpl mailSender() {
      return new JavaMailSenderImpl();
    }

    @Bean
    EffectChannelContributor contributor() {
      return new EffectChannelContributor() {
        @Override
        public @Nullable EffectChannel classify(
            String beanName, @Nullable Object bean, Class<?> beanType) {
          if (SmsGateway.class.isAssignableFrom(beanType)) {
            return EffectChannel.unguarded(Kind.OTHER, beanName, "SMS gateway");
          }
          if (JavaMailSenderImpl.class.isAssignableFrom(beanType)) {
            return EffectChannel.guarded(Kind.MAIL_SENDER, beanName, "captured by a test guard");
          }
          return null;
        }

        @Override
        public List<EffectChannel> channels() {
          return List.of(EffectChannel.guarded(Kind.HTTP_CLIENT, "built-by-guard", "its own"));
        }
      };
    }
  }

  @Test
  void contributorsClassifyBeansBeforeContextKitAndAddChannels() {
    contextRunner
        .withUserConfiguration(Contributed.class)
        .run(
            context -> {
              assertThat(status(context, Kind.OTHER, "smsGateway")).isEqualTo(Status.UNGUARDED);
              assertThat(status(context, Kind.MAIL_SENDER, "mailSender")).isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.HTTP_CLIENT, "built-by-guard"))
                  .isEqualTo(Status.GUARDED);
              assertThat(policy(context).refusal()).contains("other smsGateway (SMS gateway)");
            });
  }

  // --- R2DBC: the reactive guards show in the inventory ---

  /** A connection factory that never connects: the inventory only looks at it. */
  static ConnectionFactory r2dbc() {
    return new ConnectionFactory() {
      @Override
      public Publisher<? extends io.r2dbc.spi.Connection> create() {
        throw new UnsupportedOperationException();
      }

      @Override
      public ConnectionFactoryMetadata getMetadata() {
        return () -> "test";
      }
    };
  }

  /** The factory class of a bean whose destroy method the R2DBC guard cannot keep. */
  static final class ClosingFactory implements ConnectionFactory {
    @Override
    public Publisher<? extends io.r2dbc.spi.Connection> create() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
      return () -> "test";
    }

    public void shutdown() {}
  }

  @Configuration(proxyBeanMethods = false)
  static class R2dbc {
    @Bean
    ConnectionFactory connectionFactory() {
      return r2dbc();
    }

    @Bean
    R2dbcTransactionManager reactiveTransactionManager(ConnectionFactory connectionFactory) {
      return new R2dbcTransactionManager(connectionFactory);
    }

    @Bean
    @Lazy
    ConnectionFactory lazyConnectionFactory() {
      return r2dbc();
    }

    @Bean(destroyMethod = "shutdown")
    ClosingFactory closingFactory() {
      return new ClosingFactory();
    }

    @Bean
    AbstractRoutingConnectionFactory routingFactory() {
      AbstractRoutingConnectionFactory router =
          new AbstractRoutingConnectionFactory() {
            @Override
            protected Mono<Object> determineCurrentLookupKey() {
              return Mono.just("one");
            }
          };
      router.setTargetConnectionFactories(Map.of("one", r2dbc()));
      return router;
    }
  }

  @Test
  void r2dbcConnectionFactoriesAndReactiveTransactionManagersShowAsGuardedUnlessLeftUnwrapped() {
    contextRunner
        .withUserConfiguration(R2dbc.class)
        .run(
            context -> {
              assertThat(status(context, Kind.R2DBC_CONNECTION_FACTORY, "connectionFactory"))
                  .isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.TRANSACTION_MANAGER, "reactiveTransactionManager"))
                  .isEqualTo(Status.GUARDED);
              EffectChannel lazy =
                  channel(context, Kind.R2DBC_CONNECTION_FACTORY, "lazyConnectionFactory");
              assertThat(lazy.status()).isEqualTo(Status.GUARDED);
              assertThat(lazy.detail()).endsWith("when created");
              assertThat(context.getBeanFactory().containsSingleton("lazyConnectionFactory"))
                  .isFalse();
              EffectChannel closing =
                  channel(context, Kind.R2DBC_CONNECTION_FACTORY, "closingFactory");
              assertThat(closing.status()).isEqualTo(Status.UNGUARDED);
              assertThat(closing.detail()).contains("destroy method 'shutdown'");
              EffectChannel routing =
                  channel(context, Kind.R2DBC_CONNECTION_FACTORY, "routingFactory");
              assertThat(routing.status()).isEqualTo(Status.UNGUARDED);
              assertThat(routing.detail()).contains("routing connection factory");
              assertThat(policy(context).refusal())
                  .contains("r2dbc-connection-factory closingFactory")
                  .contains("r2dbc-connection-factory routingFactory")
                  .doesNotContain("r2dbc-connection-factory connectionFactory ")
                  .doesNotContain("reactiveTransactionManager");
            });
  }

  @Test
  void withoutReactorTheReactiveGuardsAreNotInstalledAndR2dbcBeansAreUnguarded() {
    contextRunner
        .withUserConfiguration(R2dbc.class)
        .withClassLoader(new FilteredClassLoader("reactor.core"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(status(context, Kind.R2DBC_CONNECTION_FACTORY, "connectionFactory"))
                  .isEqualTo(Status.UNGUARDED);
              assertThat(status(context, Kind.TRANSACTION_MANAGER, "reactiveTransactionManager"))
                  .isEqualTo(Status.UNGUARDED);
            });
  }

  // --- data sources the post-processor used to skip silently ---

  @Configuration(proxyBeanMethods = false)
  static class Routing {
    @Bean
    AbstractRoutingDataSource router() {
      AbstractRoutingDataSource router =
          new AbstractRoutingDataSource() {
            @Override
            protected Object determineCurrentLookupKey() {
              return "primary";
            }
          };
      // Targets that are not beans: no post-processor ever sees them.
      router.setTargetDataSources(
          Map.of("primary", h2("inventory-primary"), "replica", h2("inventory-replica")));
      return router;
    }
  }

  @Test
  void targetsOfARoutingDataSourceAreGuardedInPlaceAndListed() {
    contextRunner
        .withUserConfiguration(Routing.class)
        .run(
            context -> {
              assertThat(context.getBean("router")).isInstanceOf(AbstractRoutingDataSource.class);
              assertThat(status(context, Kind.DATA_SOURCE, "router[primary]"))
                  .isEqualTo(Status.GUARDED);
              assertThat(status(context, Kind.DATA_SOURCE, "router[replica]"))
                  .isEqualTo(Status.GUARDED);
              DataSource router = context.getBean("router", DataSource.class);
              try (Connection c = router.getConnection();
                  Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS t (id INT)");
              }
              // An autocommit write through the router under TRACE is held, then rolled back.
              try (ContextScope scope =
                      RequestContext.builder()
                          .requestType(RequestType.TRACE)
                          .build()
                          .makeCurrent();
                  Connection c = router.getConnection();
                  Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)");
              }
              assertThat(rows("jdbc:h2:mem:inventory-primary", "t")).isZero();
              try (Connection c = router.getConnection();
                  Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (2)");
              }
              assertThat(rows("jdbc:h2:mem:inventory-primary", "t")).isEqualTo(1);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRouting {
    @Bean
    AbstractRoutingDataSource ownRouter() {
      AbstractRoutingDataSource router =
          new AbstractRoutingDataSource() {
            private final DataSource target = h2("inventory-own");

            @Override
            protected Object determineCurrentLookupKey() {
              return "x";
            }

            @Override
            protected DataSource determineTargetDataSource() {
              return target;
            }
          };
      router.setTargetDataSources(Map.of());
      return router;
    }
  }

  @Test
  void aRouterThatPicksItsOwnTargetsIsUnguarded() {
    contextRunner
        .withUserConfiguration(OwnRouting.class)
        .run(
            context -> {
              EffectChannel router = channel(context, Kind.DATA_SOURCE, "ownRouter");
              assertThat(router.status()).isEqualTo(Status.UNGUARDED);
              assertThat(router.detail()).contains("overrides determineTargetDataSource()");
              assertThat(policy(context).refusal()).contains("data-source ownRouter");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class WithDestroyMethod {
    @Bean(destroyMethod = "shutdown")
    EmbeddedDatabase embedded() {
      return new EmbeddedDatabaseBuilder()
          .setType(EmbeddedDatabaseType.H2)
          .setName("inventory-embedded")
          .build();
    }
  }

  @Test
  void aDataSourceWithADestroyMethodIsGuardedAndStillDestroyed() throws SQLException {
    String url = "jdbc:h2:mem:inventory-embedded;DB_CLOSE_DELAY=-1";
    contextRunner
        .withUserConfiguration(WithDestroyMethod.class)
        .run(
            context -> {
              DataSource bean = context.getBean("embedded", DataSource.class);
              assertThat(bean).isInstanceOf(TraceGuardDataSource.class);
              assertThat(status(context, Kind.DATA_SOURCE, "embedded")).isEqualTo(Status.GUARDED);
              try (Connection c = bean.getConnection();
                  Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id INT)");
              }
              assertThat(rows(url, "sa", "kept")).isZero();
            });
    // shutdown() ran on the embedded database when the context closed: the database (kept alive
    // by DB_CLOSE_DELAY=-1 otherwise) is gone, a new connection finds an empty one.
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'KEPT'")) {
      r.next();
      assertThat(r.getInt(1)).isZero();
    }
  }

  private static int rows(String url, String table) throws SQLException {
    return rows(url, "", table);
  }

  private static int rows(String url, String user, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, "");
        ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getInt(1);
    }
  }
}
