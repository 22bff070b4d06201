package io.contextkit.spring.autoconfigure.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.ContextKit;
import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.spring.autoconfigure.trace.internal.TracePolicyHolder;
import io.contextkit.spring.autoconfigure.trace.reactive.ReactiveTraceTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real WebFlux + Spring Data R2DBC application (Reactor Netty, PostgreSQL) with one effect
 * channel nothing guards — an SMS gateway the application lists itself through an {@link
 * EffectChannelContributor} — under each setting of {@code contextkit.trace.unguarded-channels}.
 * The R2DBC connection factory and the reactive transaction manager are in the inventory as
 * guarded; the policy is asked exactly once per TRACE request.
 */
class WebFluxUnguardedChannelIT {

  private static final String SMS = "smsGateway";

  private ConfigurableApplicationContext app;

  /** The application's own channel, which nothing guards. */
  @Configuration(proxyBeanMethods = false)
  static class SmsGatewayChannel {
    @Bean
    EffectChannelContributor smsGatewayChannel() {
      return new EffectChannelContributor() {
        @Override
        public @Nullable EffectChannel classify(
            String beanName, @Nullable Object bean, Class<?> beanType) {
          return null;
        }

        @Override
        public Collection<EffectChannel> channels() {
          return List.of(
              EffectChannel.unguarded(Kind.OTHER, SMS, "SMS gateway client, sends for real"));
        }
      };
    }
  }

  @BeforeEach
  void cleanTables() {
    ReactivePostgres.jdbcUrl();
    ReactivePostgres.execute("DELETE FROM r_item");
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private int start(String... extra) {
    List<String> args = new ArrayList<>();
    args.add("--spring.main.web-application-type=reactive");
    args.add("--server.port=0");
    args.add("--spring.jmx.enabled=false");
    args.add(
        "--spring.r2dbc.url=r2dbc:postgresql://localhost:"
            + EmbeddedPostgresSupport.server().getPort()
            + "/"
            + ReactivePostgres.DATABASE);
    args.add("--spring.r2dbc.username=postgres");
    args.add("--spring.r2dbc.password=");
    args.add("--spring.r2dbc.pool.initial-size=1");
    args.add("--spring.r2dbc.pool.max-size=2");
    // Command-line arguments outrank the build's system property that keeps R2DBC off elsewhere.
    args.add(
        "--spring.autoconfigure.exclude="
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration,"
            + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
            + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration");
    for (String property : extra) {
      args.add("--" + property);
    }
    app =
        new SpringApplicationBuilder(ReactiveTraceTestApplication.class, SmsGatewayChannel.class)
            .run(args.toArray(String[]::new));
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private static HttpResponse<String> create(int port, String name, boolean trace)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items?name=" + name))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (trace) {
      request
          .header("baggage", "request_type=TRACE")
          .header(
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString("tracer:pw".getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long rows(String name) {
    return ReactivePostgres.count("SELECT count(*) FROM r_item WHERE name = '" + name + "'");
  }

  private EffectChannelInventory inventory() {
    EffectChannelInventory inventory = app.getBean(TracePolicyHolder.class).get().inventory();
    assertThat(inventory).isNotNull();
    return inventory;
  }

  private static List<EffectChannel> ofKind(EffectChannelInventory inventory, Kind kind) {
    return inventory.channels().stream().filter(c -> c.kind() == kind).toList();
  }

  @Test
  void anUnguardedChannelRefusesEachTraceRequestOnceWith503AndNothingIsWritten() throws Exception {
    int port = start();
    assertThat(create(port, "ug-std", false).statusCode()).isEqualTo(201);
    assertThat(rows("ug-std")).isEqualTo(1);
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED);
    long served = ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED);

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> trace = create(port, "ug-trace-" + i, true);
      assertThat(trace.statusCode()).isEqualTo(503);
      assertThat(trace.body())
          .contains("other smsGateway (SMS gateway client, sends for real)")
          .contains("contextkit.trace.safe-channels.other.smsGateway=<reason>")
          .contains("contextkit.trace.unguarded-channels=warn");
      assertThat(trace.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(trace.headers().firstValue("Trace-Applied")).isEmpty();
      assertThat(rows("ug-trace-" + i)).isZero();
    }

    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(refused + 3);
    assertThat(ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED)).isEqualTo(served);
    assertThat(inventory().unguarded()).extracting(EffectChannel::name).containsExactly(SMS);
  }

  @Test
  void theR2dbcConnectionFactoryAndTheReactiveTransactionManagerAreGuarded() {
    start();

    List<EffectChannel> factories = ofKind(inventory(), Kind.R2DBC_CONNECTION_FACTORY);
    List<EffectChannel> managers = ofKind(inventory(), Kind.TRANSACTION_MANAGER);
    assertThat(factories).extracting(EffectChannel::name).containsExactly("connectionFactory");
    assertThat(factories).extracting(EffectChannel::status).containsOnly(Status.GUARDED);
    assertThat(managers).isNotEmpty();
    assertThat(managers).extracting(EffectChannel::status).containsOnly(Status.GUARDED);
  }

  @Test
  void underWarnEachTraceRequestRunsGuardedAndIsCountedOnce() throws Exception {
    int port = start("contextkit.trace.unguarded-channels=warn");
    long refused = ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED);
    long served = ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED);

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> trace = create(port, "ug-warn-" + i, true);
      assertThat(trace.statusCode()).isEqualTo(201);
      assertThat(trace.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
      // The R2DBC guard still holds the write: warn lets TRACE through, not its writes.
      assertThat(rows("ug-warn-" + i)).isZero();
    }

    assertThat(ContextKit.counters().get(Counter.TRACE_SERVED_UNGUARDED)).isEqualTo(served + 3);
    assertThat(ContextKit.counters().get(Counter.TRACE_REFUSED_UNGUARDED)).isEqualTo(refused);
  }

  @Test
  void declaringTheChannelSafeLetsTraceRun() throws Exception {
    int port =
        start("contextkit.trace.safe-channels.other.smsGateway=sandbox account in this test");

    HttpResponse<String> trace = create(port, "ug-safe", true);

    assertThat(trace.statusCode()).isEqualTo(201);
    assertThat(trace.headers().firstValue("Trace-Applied")).hasValue("request_type=TRACE");
    assertThat(rows("ug-safe")).isZero();
    assertThat(inventory().unguarded()).isEmpty();
  }
}
