package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceGuardDataSource;
import io.contextkit.noop.TraceGuardHttpClient;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.internal.TraceGuardedTransactionManager;
import io.contextkit.spring.autoconfigure.trace.internal.TraceTransactionManagerPostProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

class ContextKitTraceAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class, ContextKitTraceAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    DataSource dataSource() {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:autoconfig;DB_CLOSE_DELAY=-1");
      return h2;
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
    AbstractRoutingDataSource routing(DataSource dataSource) {
      AbstractRoutingDataSource routing =
          new AbstractRoutingDataSource() {
            @Override
            protected Object determineCurrentLookupKey() {
              return "only";
            }
          };
      routing.setTargetDataSources(Map.of("only", dataSource));
      return routing;
    }
  }

  @Test
  void guardsTransactionManagersDataSourcesAndHttpClients() {
    contextRunner
        .withUserConfiguration(Beans.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(OutboundTraceGuard.class);
              PlatformTransactionManager tm = context.getBean(PlatformTransactionManager.class);
              assertThat(tm)
                  .isInstanceOf(TraceGuardedTransactionManager.class)
                  .isInstanceOf(ResourceTransactionManager.class);
              assertThat(TraceTransactionManagerPostProcessor.wrap(tm, "again")).isSameAs(tm);
              DataSource ds = context.getBean("dataSource", DataSource.class);
              assertThat(ds).isInstanceOf(TraceGuardDataSource.class);
              assertThat(ds.unwrap(JdbcDataSource.class)).isInstanceOf(JdbcDataSource.class);
              assertThat(TraceGuardDataSource.wrap(ds, "again")).isSameAs(ds);
              assertThat(context.getBean("routing")).isInstanceOf(AbstractRoutingDataSource.class);
              assertThat(context.getBean(HttpClient.class))
                  .isInstanceOf(TraceGuardHttpClient.class);
            });
  }

  @Test
  void transactionManagerRollsBackTraceCommitAndCommitsStandard() {
    contextRunner
        .withUserConfiguration(Beans.class)
        .run(
            context -> {
              PlatformTransactionManager tm = context.getBean(PlatformTransactionManager.class);
              org.springframework.jdbc.core.JdbcTemplate jdbc =
                  new org.springframework.jdbc.core.JdbcTemplate(
                      context.getBean("dataSource", DataSource.class));
              jdbc.execute("create table if not exists t (v int)");
              org.springframework.transaction.support.TransactionTemplate template =
                  new org.springframework.transaction.support.TransactionTemplate(tm);
              template.executeWithoutResult(s -> jdbc.update("insert into t values (1)"));
              RequestContext trace =
                  RequestContext.builder().requestType(RequestType.TRACE).build();
              try (var scope = trace.makeCurrent()) {
                template.executeWithoutResult(s -> jdbc.update("insert into t values (2)"));
              }
              assertThat(jdbc.queryForList("select v from t", Integer.class)).containsExactly(1);
              assertThat(trace.sideEffects().report().counts())
                  .containsEntry(io.contextkit.SideEffect.Kind.TRANSACTION, 1L);
            });
  }

  @Test
  void backsOffForUserGuard() {
    contextRunner
        .withBean(
            OutboundTraceGuard.class,
            () -> OutboundTraceGuard.builder(ContextPropagator.builder().build()).build())
        .run(context -> assertThat(context).hasSingleBean(OutboundTraceGuard.class));
  }

  @Test
  void noTransactionGuardWithoutSpringTx() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(PlatformTransactionManager.class))
        .run(
            context ->
                assertThat(context).doesNotHaveBean(TraceTransactionManagerPostProcessor.class));
  }

  @Test
  void invalidSafeHostFailsStartupNamingTheKey() {
    contextRunner
        .withPropertyValues("contextkit.trace.safe-hosts=exa mple.com")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("contextkit.trace.safe-hosts[0]"));
  }

  @Test
  void syntheticResponsesAreConfiguredByHostPattern() {
    contextRunner
        .withPropertyValues(
            "contextkit.trace.synthetic-responses[*.pay.example].status=200",
            "contextkit.trace.synthetic-responses[*.pay.example].body={\"id\":\"x\"}")
        .run(
            context -> {
              OutboundTraceGuard guard = context.getBean(OutboundTraceGuard.class);
              RequestContext trace =
                  RequestContext.builder().requestType(RequestType.TRACE).build();
              OutboundTraceGuard.Decision d =
                  guard.decide(trace, "POST", URI.create("https://api.pay.example/charges"));
              assertThat(d.action()).isEqualTo(OutboundTraceGuard.Action.SUPPRESS);
              assertThat(d.syntheticResponse().status()).isEqualTo(200);
              assertThat(new String(d.syntheticResponse().body())).isEqualTo("{\"id\":\"x\"}");
            });
  }

  @Test
  void traceFilterOnlyOnServletAppsWithWebEnabled() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    ContextKitAutoConfiguration.class, ContextKitTraceAutoConfiguration.class));
    web.run(context -> assertThat(context).hasBean("contextKitTraceFilter"));
    web.withPropertyValues("contextkit.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("contextKitTraceFilter"));
    contextRunner.run(context -> assertThat(context).doesNotHaveBean("contextKitTraceFilter"));
  }
}
