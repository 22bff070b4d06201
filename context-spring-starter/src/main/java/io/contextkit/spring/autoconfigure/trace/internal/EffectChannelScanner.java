package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.TraceGuardDataSource;
import io.contextkit.noop.TraceGuarded;
import io.contextkit.spring.autoconfigure.trace.EffectChannelContributor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceApacheHttpClientPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceCacheManagerPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceGuardOkHttp;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceMailSenderPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceOkHttpPostProcessor;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceSessionRepositoryPostProcessor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the effect channels among the beans of an application context whose singletons exist:
 * contributors first ({@link EffectChannelContributor}), then ContextKit's own classification by
 * bean type. Types are matched by class name, so a library that is absent costs nothing.
 *
 * <p>A bean is guarded when it is (or, for data sources and R2DBC connection factories, wraps) a
 * {@link TraceGuarded} object — the reactive transaction managers' proxies and the R2DBC guard are
 * — or when the guard ContextKit applied to it can be seen on it: the TRACE interceptor or filter
 * of a {@code RestTemplate}, {@code RestClient}, {@code WebClient} or their builders, the TRACE
 * producer post-processor of a Kafka {@code ProducerFactory}, the wrapped connection factory of a
 * {@code JmsTemplate} or {@code RabbitTemplate}, the guard's interceptor of an {@code
 * OkHttpClient}. Mail senders, cache managers, Spring Session repositories and Apache HttpClient 5
 * clients are guarded when their guard's {@code TraceGuarded} view replaced them. A bean that is
 * not created yet (lazy, prototype, another scope) is classified by its type: guarded when
 * ContextKit's post-processor guards every instance of that type as it is created. A channel whose
 * guard is switched off is unguarded, its detail naming the key that switches the guard on.
 *
 * <p>HTTP sessions are a channel of web applications: on a servlet application (one with the {@code
 * session} scope) the channel {@code servlet-sessions}, guarded by the enabled {@code
 * contextKitTraceSessionFilter} registration of a {@code TraceGuarded} filter; on WebFlux each
 * {@code WebSessionManager} bean, guarded by the {@code TraceGuarded} {@code
 * contextKitTraceWebSessionFilter}.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class EffectChannelScanner {

  private static final ClassLoader LOADER = EffectChannelScanner.class.getClassLoader();

  private static final @Nullable Class<?> PLATFORM_TRANSACTION_MANAGER =
      resolve("org.springframework.transaction.PlatformTransactionManager");
  private static final @Nullable Class<?> REACTIVE_TRANSACTION_MANAGER =
      resolve("org.springframework.transaction.ReactiveTransactionManager");
  private static final @Nullable Class<?> R2DBC_CONNECTION_FACTORY =
      resolve("io.r2dbc.spi.ConnectionFactory");
  // The reactive guards are installed only with Reactor (their classes use it).
  private static final boolean REACTOR_PRESENT = resolve("reactor.core.publisher.Mono") != null;
  private static final @Nullable Class<?> KAFKA_PRODUCER_FACTORY =
      resolve("org.springframework.kafka.core.ProducerFactory");
  private static final @Nullable Class<?> KAFKA_TEMPLATE =
      resolve("org.springframework.kafka.core.KafkaTemplate");
  private static final @Nullable Class<?> KAFKA_PRODUCER =
      resolve("org.apache.kafka.clients.producer.Producer");
  private static final @Nullable Class<?> JMS_CONNECTION_FACTORY =
      resolve("jakarta.jms.ConnectionFactory");
  private static final @Nullable Class<?> JMS_TEMPLATE =
      resolve("org.springframework.jms.core.JmsTemplate");
  private static final @Nullable Class<?> RABBIT_TEMPLATE =
      resolve("org.springframework.amqp.rabbit.core.RabbitTemplate");
  private static final @Nullable Class<?> RABBIT_CONNECTION_FACTORY =
      resolve("org.springframework.amqp.rabbit.connection.ConnectionFactory");
  private static final @Nullable Class<?> REST_TEMPLATE =
      resolve("org.springframework.web.client.RestTemplate");
  private static final @Nullable Class<?> REST_CLIENT =
      resolve("org.springframework.web.client.RestClient");
  private static final @Nullable Class<?> REST_CLIENT_BUILDER =
      resolve("org.springframework.web.client.RestClient$Builder");
  private static final @Nullable Class<?> REST_TEMPLATE_BUILDER =
      resolve("org.springframework.boot.restclient.RestTemplateBuilder");
  private static final @Nullable Class<?> WEB_CLIENT =
      resolve("org.springframework.web.reactive.function.client.WebClient");
  private static final @Nullable Class<?> WEB_CLIENT_BUILDER =
      resolve("org.springframework.web.reactive.function.client.WebClient$Builder");
  private static final @Nullable Class<?> NO_OP_CACHE_MANAGER =
      resolve("org.springframework.cache.support.NoOpCacheManager");
  private static final @Nullable Class<?> MAIL_SENDER =
      resolve("org.springframework.mail.MailSender");
  private static final @Nullable Class<?> CACHE_MANAGER =
      resolve("org.springframework.cache.CacheManager");
  private static final @Nullable Class<?> SESSION_REPOSITORY =
      resolve("org.springframework.session.SessionRepository");
  private static final @Nullable Class<?> REACTIVE_SESSION_REPOSITORY =
      resolve("org.springframework.session.ReactiveSessionRepository");
  private static final @Nullable Class<?> APACHE_HTTP_CLIENT =
      resolve("org.apache.hc.client5.http.impl.classic.CloseableHttpClient");
  private static final @Nullable Class<?> OK_HTTP_CLIENT = resolve("okhttp3.OkHttpClient");
  private static final @Nullable Class<?> WEB_SESSION_MANAGER =
      resolve("org.springframework.web.server.session.WebSessionManager");
  private static final @Nullable Class<?> FILTER_REGISTRATION_BEAN =
      resolve("org.springframework.boot.web.servlet.FilterRegistrationBean");

  /** The channel of the servlet container's HTTP sessions. */
  public static final String SERVLET_SESSIONS = "servlet-sessions";

  /** The bean of the servlet session guard's filter registration. */
  static final String SESSION_FILTER = "contextKitTraceSessionFilter";

  /** The bean of the WebFlux session guard. */
  static final String WEB_SESSION_FILTER = "contextKitTraceWebSessionFilter";

  /** Types ContextKit does not guard itself: guarded only by a {@code TraceGuarded} wrapper. */
  private static final Other[] OTHERS = {
    new Other(
        "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient",
        Kind.HTTP_CLIENT,
        "Apache HttpAsyncClient 5"),
    new Other("reactor.netty.http.client.HttpClient", Kind.HTTP_CLIENT, "Reactor Netty HttpClient"),
    new Other("feign.Client", Kind.HTTP_CLIENT, "Feign client"),
    new Other(
        "org.springframework.data.redis.connection.RedisConnectionFactory",
        Kind.DATA_CLIENT,
        "Redis"),
    new Other(
        "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory",
        Kind.DATA_CLIENT,
        "Redis"),
    new Other("com.mongodb.client.MongoClient", Kind.DATA_CLIENT, "MongoDB"),
    new Other("com.mongodb.reactivestreams.client.MongoClient", Kind.DATA_CLIENT, "MongoDB"),
    new Other(
        "co.elastic.clients.elasticsearch.ElasticsearchClient", Kind.DATA_CLIENT, "Elasticsearch"),
    new Other(
        "co.elastic.clients.elasticsearch.ElasticsearchAsyncClient",
        Kind.DATA_CLIENT,
        "Elasticsearch"),
    new Other("org.elasticsearch.client.RestClient", Kind.DATA_CLIENT, "Elasticsearch"),
    new Other("com.datastax.oss.driver.api.core.CqlSession", Kind.DATA_CLIENT, "Cassandra"),
    new Other("software.amazon.awssdk.services.s3.S3Client", Kind.DATA_CLIENT, "S3"),
    new Other("software.amazon.awssdk.services.s3.S3AsyncClient", Kind.DATA_CLIENT, "S3"),
    new Other(
        "org.springframework.cloud.stream.function.StreamBridge",
        Kind.OTHER,
        "Spring Cloud Stream bindings"),
  };

  private final ConfigurableListableBeanFactory beans;
  private final List<EffectChannelContributor> contributors;

  /**
   * @param beans the application's bean factory, its singletons created
   * @param contributors asked first, in order
   */
  public EffectChannelScanner(
      ConfigurableListableBeanFactory beans, List<EffectChannelContributor> contributors) {
    this.beans = beans;
    this.contributors = List.copyOf(contributors);
  }

  /** The channels: the contributors' own, then one (a routing data source: several) per bean. */
  public List<EffectChannel> scan() {
    List<EffectChannel> out = new ArrayList<>();
    for (EffectChannelContributor contributor : contributors) {
      out.addAll(contributor.channels());
    }
    if (beans.getRegisteredScope("session") != null) {
      out.add(servletSessions());
    }
    Set<String> names = new LinkedHashSet<>(List.of(beans.getBeanDefinitionNames()));
    names.addAll(List.of(beans.getSingletonNames()));
    for (String name : names) {
      if (ScopedProxyUtils.isScopedTarget(name)
          || BeanFactoryUtils.isFactoryDereference(name)
          || (beans.containsBeanDefinition(name) && beans.getBeanDefinition(name).isAbstract())) {
        continue;
      }
      Class<?> type;
      try {
        type = beans.getType(name, false);
      } catch (BeansException | LinkageError e) {
        continue; // a bean whose class cannot be loaded was never created
      }
      if (type == null) {
        continue;
      }
      Object bean = instance(name);
      if (bean != null) {
        type = bean.getClass();
      }
      EffectChannel contributed = contributed(name, bean, type);
      if (contributed != null) {
        out.add(contributed);
        continue;
      }
      try {
        classify(name, bean, type, out);
      } catch (RuntimeException e) {
        // Fail closed: a channel whose guard cannot be checked counts as unguarded.
        out.add(
            EffectChannel.unguarded(
                Kind.OTHER, name, type.getName() + " could not be classified: " + e));
      }
    }
    return out;
  }

  private @Nullable EffectChannel contributed(String name, @Nullable Object bean, Class<?> type) {
    for (EffectChannelContributor contributor : contributors) {
      EffectChannel channel = contributor.classify(name, bean, type);
      if (channel != null) {
        return channel;
      }
    }
    return null;
  }

  /** The created bean (a factory bean's product), or null when it does not exist yet. */
  private @Nullable Object instance(String name) {
    if (!beans.containsSingleton(name)) {
      return null;
    }
    Object singleton = beans.getSingleton(name);
    if (singleton instanceof FactoryBean<?>) {
      try {
        return beans.getBean(name);
      } catch (BeansException e) {
        return null;
      }
    }
    return singleton;
  }

  private void classify(
      String name, @Nullable Object bean, Class<?> type, List<EffectChannel> out) {
    if (DataSource.class.isAssignableFrom(type)) {
      dataSource(name, bean, type, out);
    } else if (is(type, PLATFORM_TRANSACTION_MANAGER)) {
      out.add(
          wrapped(
              Kind.TRANSACTION_MANAGER,
              name,
              bean,
              postProcessor(TraceTransactionManagerPostProcessor.class),
              "TRACE transactions flushed, then rolled back",
              "not wrapped by the TRACE transaction guard"));
    } else if (is(type, REACTIVE_TRANSACTION_MANAGER)) {
      out.add(
          REACTOR_PRESENT
              ? wrapped(
                  Kind.TRANSACTION_MANAGER,
                  name,
                  bean,
                  postProcessor(TraceReactiveTransactionManagerPostProcessor.class),
                  "TRACE transactions rolled back (reactive)",
                  "not wrapped by the TRACE reactive transaction guard")
              : other(
                  Kind.TRANSACTION_MANAGER, name, bean, "reactive transactions without Reactor"));
    } else if (is(type, R2DBC_CONNECTION_FACTORY)) {
      out.add(
          REACTOR_PRESENT
              ? R2dbcChecks.classify(
                  name, bean, type, postProcessor(TraceConnectionFactoryPostProcessor.class), beans)
              : other(Kind.R2DBC_CONNECTION_FACTORY, name, bean, "R2DBC without Reactor"));
    } else if (is(type, KAFKA_PRODUCER_FACTORY)
        || is(type, KAFKA_TEMPLATE)
        || is(type, KAFKA_PRODUCER)) {
      out.add(KafkaChecks.classify(name, bean, type, postProcessor(TraceKafkaPostProcessor.class)));
    } else if (is(type, JMS_CONNECTION_FACTORY) || is(type, JMS_TEMPLATE)) {
      out.add(JmsChecks.classify(name, bean, type, postProcessor(TraceJmsPostProcessor.class)));
    } else if (is(type, RABBIT_TEMPLATE) || is(type, RABBIT_CONNECTION_FACTORY)) {
      out.add(
          RabbitChecks.classify(name, bean, type, postProcessor(TraceRabbitPostProcessor.class)));
    } else if (is(type, REST_TEMPLATE)
        || is(type, REST_CLIENT)
        || is(type, REST_CLIENT_BUILDER)
        || is(type, REST_TEMPLATE_BUILDER)) {
      out.add(
          RestClientChecks.classify(
              name, bean, type, postProcessor(TraceClientPostProcessor.class)));
    } else if (is(type, WEB_CLIENT) || is(type, WEB_CLIENT_BUILDER)) {
      out.add(
          WebClientChecks.classify(
              name, bean, type, postProcessor(TraceWebClientPostProcessor.class)));
    } else if (java.net.http.HttpClient.class.isAssignableFrom(type)) {
      out.add(
          wrapped(
              Kind.HTTP_CLIENT,
              name,
              bean,
              postProcessor(TraceClientPostProcessor.class),
              "TraceGuardHttpClient: per-destination TRACE guard",
              "JDK HttpClient not wrapped by the TRACE HTTP guard"));
    } else if (is(type, NO_OP_CACHE_MANAGER)) {
      return; // stores nothing: not a channel
    } else if (is(type, MAIL_SENDER)) {
      out.add(
          wrapped(
              Kind.MAIL_SENDER,
              name,
              bean,
              postProcessor(TraceMailSenderPostProcessor.class),
              "TRACE mails captured, not sent",
              "no TRACE guard for mail" + off("contextkit.trace.mail.enabled")));
    } else if (is(type, CACHE_MANAGER)) {
      out.add(
          wrapped(
              Kind.CACHE,
              name,
              bean,
              postProcessor(TraceCacheManagerPostProcessor.class),
              "TRACE puts, fills and evictions kept within the request",
              "no TRACE guard for caches" + off("contextkit.trace.cache.enabled")));
    } else if (is(type, SESSION_REPOSITORY) || is(type, REACTIVE_SESSION_REPOSITORY)) {
      out.add(
          wrapped(
              Kind.SESSION_REPOSITORY,
              name,
              bean,
              postProcessor(TraceSessionRepositoryPostProcessor.class),
              "TRACE sessions neither saved nor deleted",
              "no TRACE guard for session stores" + off("contextkit.trace.session.enabled")));
    } else if (is(type, APACHE_HTTP_CLIENT)) {
      out.add(
          wrapped(
              Kind.HTTP_CLIENT,
              name,
              bean,
              postProcessor(TraceApacheHttpClientPostProcessor.class),
              "TraceGuardApacheHttpClient: per-destination TRACE guard, hop by hop",
              "no TRACE guard for Apache HttpClient 5"
                  + off("contextkit.client.httpclient5.enabled", "contextkit.client.enabled")));
    } else if (is(type, OK_HTTP_CLIENT)) {
      out.add(OkHttpChecks.classify(name, bean, postProcessor(TraceOkHttpPostProcessor.class)));
    } else if (is(type, WEB_SESSION_MANAGER)) {
      out.add(webSessions(name));
    } else {
      for (Other other : OTHERS) {
        if (other.type != null && other.type.isAssignableFrom(type)) {
          out.add(other(other.kind, name, bean, other.what));
          return;
        }
      }
    }
  }

  /** The servlet container's sessions: guarded by the session guard's filter registration. */
  private EffectChannel servletSessions() {
    Object registration =
        beans.containsSingleton(SESSION_FILTER) ? beans.getSingleton(SESSION_FILTER) : null;
    if (registration != null
        && is(registration.getClass(), FILTER_REGISTRATION_BEAN)
        && ServletChecks.guardedFilter(registration)) {
      return EffectChannel.guarded(
          Kind.SESSION_REPOSITORY,
          SERVLET_SESSIONS,
          SESSION_FILTER + ": TRACE requests get a session that lives within the request");
    }
    return EffectChannel.unguarded(
        Kind.SESSION_REPOSITORY,
        SERVLET_SESSIONS,
        "no TRACE guard for HTTP sessions" + off("contextkit.trace.session.enabled"));
  }

  /** A {@code WebSessionManager}: guarded by the WebFlux session guard's filter. */
  private EffectChannel webSessions(String name) {
    Object filter =
        beans.containsBean(WEB_SESSION_FILTER) ? beans.getBean(WEB_SESSION_FILTER) : null;
    return filter instanceof TraceGuarded
        ? EffectChannel.guarded(
            Kind.SESSION_REPOSITORY,
            name,
            WEB_SESSION_FILTER + ": TRACE exchanges get a copy of their session, never saved")
        : EffectChannel.unguarded(
            Kind.SESSION_REPOSITORY,
            name,
            "no TRACE guard for WebFlux sessions" + off("contextkit.trace.session.enabled"));
  }

  /** Where an unguarded channel's detail says which keys switch its guard on. */
  private static String off(String... keys) {
    return " (its guard is off: " + String.join(", ", keys) + ")";
  }

  private void dataSource(
      String name, @Nullable Object bean, Class<?> type, List<EffectChannel> out) {
    boolean guardInstalled = postProcessor(TraceDataSourcePostProcessor.class);
    if (TraceDataSourcePostProcessor.isRouting(type)) {
      RoutingChecks.classify(name, bean, type, out);
      return;
    }
    if (bean == null) {
      out.add(
          guardInstalled
              ? EffectChannel.guarded(
                  Kind.DATA_SOURCE, name, "JDBC backstop (TraceGuardDataSource) when created")
              : EffectChannel.unguarded(Kind.DATA_SOURCE, name, "the JDBC guard is not installed"));
      return;
    }
    out.add(
        TraceGuardDataSource.isGuarded((DataSource) bean)
            ? EffectChannel.guarded(Kind.DATA_SOURCE, name, "JDBC backstop (TraceGuardDataSource)")
            : EffectChannel.unguarded(
                Kind.DATA_SOURCE,
                name,
                bean.getClass().getName() + " is not wrapped by the JDBC guard"));
  }

  /**
   * A bean that a ContextKit post-processor wraps in a {@code TraceGuarded} object: guarded when it
   * is one, or, not created yet, when the post-processor is installed.
   */
  private static EffectChannel wrapped(
      Kind kind,
      String name,
      @Nullable Object bean,
      boolean guardInstalled,
      String guardedDetail,
      String unguardedDetail) {
    boolean guarded = bean == null ? guardInstalled : bean instanceof TraceGuarded;
    return guarded
        ? EffectChannel.guarded(
            kind, name, bean == null ? guardedDetail + " when created" : guardedDetail)
        : EffectChannel.unguarded(kind, name, unguardedDetail);
  }

  /** A bean of a type ContextKit does not guard: guarded only when it is a guard's wrapper. */
  private static EffectChannel other(Kind kind, String name, @Nullable Object bean, String what) {
    if (bean instanceof TraceGuarded) {
      return EffectChannel.guarded(kind, name, bean.getClass().getSimpleName());
    }
    return EffectChannel.unguarded(kind, name, "no TRACE guard for " + what);
  }

  private boolean postProcessor(Class<?> type) {
    return beans.getBeanNamesForType(type, false, false).length > 0;
  }

  private static boolean is(Class<?> type, @Nullable Class<?> candidate) {
    return candidate != null && candidate.isAssignableFrom(type);
  }

  static @Nullable Class<?> resolve(String name) {
    return ClassUtils.isPresent(name, LOADER) ? ClassUtils.resolveClassName(name, LOADER) : null;
  }

  private static final class Other {
    final @Nullable Class<?> type;
    final Kind kind;
    final String what;

    Other(String typeName, Kind kind, String what) {
      this.type = resolve(typeName);
      this.kind = kind;
      this.what = what;
    }
  }

  /** OkHttp clients: the class is final, the guard is an interceptor. Loaded only with OkHttp. */
  private static final class OkHttpChecks {

    static EffectChannel classify(String name, @Nullable Object bean, boolean guardInstalled) {
      boolean guarded =
          bean == null ? guardInstalled : TraceGuardOkHttp.isGuarded((okhttp3.OkHttpClient) bean);
      if (guarded) {
        return EffectChannel.guarded(
            Kind.HTTP_CLIENT,
            name,
            "TraceGuardOkHttp: per-destination TRACE guard, hop by hop"
                + (bean == null ? " when created" : ""));
      }
      return EffectChannel.unguarded(
          Kind.HTTP_CLIENT,
          name,
          "no TRACE guard for OkHttp"
              + off("contextkit.client.okhttp.enabled", "contextkit.client.enabled"));
    }
  }

  /** Servlet filter registrations. Loaded only with Boot's servlet web server support. */
  private static final class ServletChecks {

    static boolean guardedFilter(Object registration) {
      var filter = (org.springframework.boot.web.servlet.FilterRegistrationBean<?>) registration;
      return filter.isEnabled() && filter.getFilter() instanceof TraceGuarded;
    }
  }

  /** Routing data sources: one channel per target. Loaded only with spring-jdbc. */
  private static final class RoutingChecks {

    static void classify(
        String name, @Nullable Object bean, Class<?> type, List<EffectChannel> out) {
      String unguardable = TraceDataSourcePostProcessor.Routing.unguardableReason(type);
      if (unguardable != null) {
        out.add(
            EffectChannel.unguarded(
                Kind.DATA_SOURCE,
                name,
                "routing data source whose targets ContextKit cannot guard: " + unguardable));
        return;
      }
      if (bean == null) {
        out.add(
            EffectChannel.guarded(
                Kind.DATA_SOURCE, name, "routing: each target guarded when created"));
        return;
      }
      var router = (org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource) bean;
      Map<Object, DataSource> targets;
      try {
        targets = router.getResolvedDataSources();
      } catch (IllegalStateException e) {
        out.add(
            EffectChannel.unguarded(
                Kind.DATA_SOURCE, name, "routing data source whose targets are not resolved"));
        return;
      }
      for (Map.Entry<Object, DataSource> target : targets.entrySet()) {
        out.add(
            target(
                TraceDataSourcePostProcessor.Routing.targetName(name, target.getKey()),
                target.getValue()));
      }
      DataSource fallback = router.getResolvedDefaultDataSource();
      if (fallback != null && !targets.containsValue(fallback)) {
        out.add(
            target(TraceDataSourcePostProcessor.Routing.targetName(name, "(default)"), fallback));
      }
    }

    private static EffectChannel target(String name, DataSource target) {
      return TraceGuardDataSource.isGuarded(target)
          ? EffectChannel.guarded(Kind.DATA_SOURCE, name, "routing target, JDBC backstop")
          : EffectChannel.unguarded(
              Kind.DATA_SOURCE,
              name,
              "routing target " + target.getClass().getName() + " is not guarded");
    }
  }
}
