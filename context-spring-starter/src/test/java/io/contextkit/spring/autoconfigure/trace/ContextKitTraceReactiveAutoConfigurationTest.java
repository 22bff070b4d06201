package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.TraceGuardConnectionFactory;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.internal.TraceConnectionFactoryPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReactiveTransactionManagerPostProcessor;
import io.contextkit.spring.autoconfigure.webflux.ContextKitWebFluxAutoConfiguration;
import io.contextkit.spring.autoconfigure.webflux.internal.ContextKitHttpHandler;
import io.contextkit.spring.autoconfigure.webflux.internal.TraceHttpHandler;
import io.contextkit.spring.autoconfigure.webflux.internal.TraceWebFilter;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The reactive TRACE guards' wiring: supplied with R2DBC and Reactor, backing off for a user's
 * bean, off with ContextKit off, absent without their libraries — and an application without R2DBC
 * or WebFlux unaffected.
 */
class ContextKitTraceReactiveAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class, ContextKitTraceAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class R2dbcBeans {

    // Nothing connects: a pool opens connections only when one is asked for.
    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory() {
      PostgresqlConnectionFactory driver =
          new PostgresqlConnectionFactory(
              PostgresqlConnectionConfiguration.builder()
                  .host("127.0.0.1")
                  .port(9)
                  .username("nobody")
                  .build());
      return new ConnectionPool(ConnectionPoolConfiguration.builder(driver).build());
    }

    @Bean
    R2dbcTransactionManager transactionManager(ConnectionFactory connectionFactory) {
      return new R2dbcTransactionManager(connectionFactory);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserPostProcessors {

    @Bean
    static TraceConnectionFactoryPostProcessor myConnectionFactoryPostProcessor() {
      return new TraceConnectionFactoryPostProcessor();
    }

    @Bean
    static TraceReactiveTransactionManagerPostProcessor myTransactionManagerPostProcessor() {
      return new TraceReactiveTransactionManagerPostProcessor();
    }
  }

  @Test
  void guardsConnectionFactoriesAndReactiveTransactionManagers() {
    contextRunner
        .withUserConfiguration(R2dbcBeans.class)
        .run(
            context -> {
              ConnectionFactory connectionFactory = context.getBean(ConnectionFactory.class);
              assertThat(connectionFactory)
                  .isInstanceOf(TraceGuardConnectionFactory.class)
                  .isInstanceOf(TraceGuarded.class);
              // Pool metrics and health still find the pool; the destroy method still exists.
              assertThat(((Wrapped<?>) connectionFactory).unwrap())
                  .isInstanceOf(ConnectionPool.class);
              assertThat(TraceGuardConnectionFactory.wrap(connectionFactory, "again"))
                  .isSameAs(connectionFactory);
              ReactiveTransactionManager tm = context.getBean(ReactiveTransactionManager.class);
              assertThat(tm)
                  .isInstanceOf(TraceGuarded.class)
                  .isInstanceOf(ConfigurableTransactionManager.class);
              assertThat(TraceReactiveTransactionManagerPostProcessor.wrap(tm, "again"))
                  .isSameAs(tm);
              // The transaction manager works on the guarded factory.
              assertThat(
                      ((R2dbcTransactionManager)
                              ((org.springframework.aop.framework.Advised) tm)
                                  .getTargetSource()
                                  .getTarget())
                          .getConnectionFactory())
                  .isSameAs(connectionFactory);
            });
  }

  @Test
  void backsOffForTheUsersPostProcessors() {
    contextRunner
        .withUserConfiguration(R2dbcBeans.class, UserPostProcessors.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TraceConnectionFactoryPostProcessor.class);
              assertThat(context).hasBean("myConnectionFactoryPostProcessor");
              assertThat(context).hasSingleBean(TraceReactiveTransactionManagerPostProcessor.class);
              assertThat(context).hasBean("myTransactionManagerPostProcessor");
              // Still guarded once, by the user's post-processors.
              assertThat(context.getBean(ConnectionFactory.class))
                  .isInstanceOf(TraceGuardConnectionFactory.class);
            });
  }

  @Test
  void offWhenContextKitIsDisabled() {
    contextRunner
        .withUserConfiguration(R2dbcBeans.class)
        .withPropertyValues("contextkit.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TraceConnectionFactoryPostProcessor.class);
              assertThat(context.getBean(ConnectionFactory.class))
                  .isInstanceOf(ConnectionPool.class);
              assertThat(context.getBean(ReactiveTransactionManager.class))
                  .isInstanceOf(R2dbcTransactionManager.class);
            });
  }

  @Test
  void offWhenR2dbcIsMissing() {
    contextRunner
        .withClassLoader(new FilteredClassLoader("io.r2dbc.spi"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TraceConnectionFactoryPostProcessor.class);
            });
  }

  @Test
  void offWhenReactorIsMissing() {
    contextRunner
        .withClassLoader(new FilteredClassLoader("reactor.core"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TraceConnectionFactoryPostProcessor.class);
              assertThat(context)
                  .doesNotHaveBean(TraceReactiveTransactionManagerPostProcessor.class);
            });
  }

  @Test
  void reactiveWebApplicationGetsTheTraceFilterAfterTheIdentityFilterAndTheHoldInsideTheEntry() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitAutoConfiguration.class,
                ContextKitWebFluxAutoConfiguration.class,
                ContextKitTraceAutoConfiguration.class))
        .run(
            context -> {
              TraceWebFilter filter = context.getBean(TraceWebFilter.class);
              assertThat(filter.getOrder())
                  .isEqualTo(ContextKitWebFluxAutoConfiguration.IDENTITY_FILTER_ORDER + 1);
              assertThat(context.getBeansOfType(WebFilter.class))
                  .containsKey("contextKitTraceWebFilter");
              // WebHttpHandlerBuilder applies decorators in order, the first outermost:
              // ContextKit's
              // entry decorator must wrap the TRACE hold, which reads the context it extracted.
              List<HttpHandlerDecoratorFactory> decorators =
                  context
                      .getBeanProvider(HttpHandlerDecoratorFactory.class)
                      .orderedStream()
                      .toList();
              assertThat(decorators).hasSize(2);
              HttpHandler raw = (request, response) -> Mono.empty();
              assertThat(decorators.get(0).apply(raw)).isInstanceOf(ContextKitHttpHandler.class);
              assertThat(decorators.get(1).apply(raw)).isInstanceOf(TraceHttpHandler.class);
            });
  }

  @Test
  void reactiveTraceFilterOffWithTheWebIntegration() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitAutoConfiguration.class,
                ContextKitWebFluxAutoConfiguration.class,
                ContextKitTraceAutoConfiguration.class))
        .withPropertyValues("contextkit.web.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TraceWebFilter.class);
              assertThat(context).doesNotHaveBean("contextKitTraceHttpHandlerDecorator");
            });
  }

  @Test
  void servletApplicationGetsNoReactiveTraceFilter() {
    new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ContextKitAutoConfiguration.class, ContextKitTraceAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(TraceWebFilter.class);
              assertThat(context).doesNotHaveBean("contextKitTraceHttpHandlerDecorator");
            });
  }
}
