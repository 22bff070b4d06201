package io.contextkit.archunit.internal;

import static io.contextkit.archunit.internal.TargetSpec.allMethods;
import static io.contextkit.archunit.internal.TargetSpec.constructors;
import static io.contextkit.archunit.internal.TargetSpec.methods;
import static io.contextkit.archunit.internal.TargetSpec.methodsEndingWith;
import static io.contextkit.archunit.internal.TargetSpec.methodsStartingWith;

import java.util.List;

/** The forbidden targets of each rule, by type name (see the rule constants for the why). */
public final class Catalogue {

  private static final String EXECUTOR = "java.util.concurrent.Executor";

  /** CTX-001: starting or creating threads. */
  public static final List<TargetSpec> UNMANAGED_THREADS =
      List.of(
          constructors("java.lang.Thread"),
          methods("java.lang.Thread", "start", "startVirtualThread", "ofVirtual", "ofPlatform"),
          methods("java.lang.Thread$Builder", "start", "unstarted", "factory"),
          constructors("java.util.Timer"),
          methods(
              "java.util.concurrent.Executors", "defaultThreadFactory", "privilegedThreadFactory"));

  /** CTX-002: creating executors that the context layer did not wrap. */
  public static final List<TargetSpec> UNWRAPPED_EXECUTORS =
      List.of(
          methodsStartingWith("java.util.concurrent.Executors", "new"),
          methodsStartingWith("java.util.concurrent.Executors", "unconfigurable"),
          constructors("java.util.concurrent.ThreadPoolExecutor"),
          constructors("java.util.concurrent.ForkJoinPool"),
          methods("java.util.concurrent.ForkJoinPool", "commonPool"),
          constructors("org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor"),
          constructors("org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler"),
          constructors("org.springframework.scheduling.concurrent.ConcurrentTaskExecutor"),
          constructors("org.springframework.core.task.SimpleAsyncTaskExecutor"),
          constructors("org.springframework.core.task.VirtualThreadTaskExecutor"),
          methodsStartingWith("reactor.core.scheduler.Schedulers", "new"),
          methodsStartingWith("reactor.core.scheduler.Schedulers", "fromExecutor"));

  /** CTX-003: work handed to a default pool (ForkJoinPool.commonPool via async or parallel). */
  public static final List<TargetSpec> DEFAULT_ASYNC_POOL =
      List.of(
          methodsEndingWith("java.util.concurrent.CompletionStage", "Async")
              .unlessLastParameterIs(EXECUTOR),
          methods("java.util.concurrent.CompletableFuture", "supplyAsync", "runAsync")
              .unlessLastParameterIs(EXECUTOR),
          methods("java.util.concurrent.CompletableFuture", "delayedExecutor")
              .unlessLastParameterIs(EXECUTOR),
          methods("java.util.Collection", "parallelStream"),
          methods("java.util.stream.BaseStream", "parallel"));

  /** CTX-004: APIs that read inbound request headers. */
  public static final List<TargetSpec> HEADER_READS =
      List.of(
          methods(
              "jakarta.servlet.http.HttpServletRequest",
              "getHeader",
              "getHeaders",
              "getIntHeader",
              "getDateHeader"),
          methods(
              "javax.servlet.http.HttpServletRequest",
              "getHeader",
              "getHeaders",
              "getIntHeader",
              "getDateHeader"),
          methods(
              "org.springframework.http.HttpHeaders",
              "get",
              "getFirst",
              "getOrEmpty",
              "getValuesAsList",
              "getOrDefault"),
          methods(
              "org.springframework.web.context.request.WebRequest", "getHeader", "getHeaderValues"),
          methods("jakarta.ws.rs.core.HttpHeaders", "getHeaderString", "getRequestHeader"),
          methods("javax.ws.rs.core.HttpHeaders", "getHeaderString", "getRequestHeader"),
          methods("jakarta.ws.rs.container.ContainerRequestContext", "getHeaderString"),
          methods("javax.ws.rs.container.ContainerRequestContext", "getHeaderString"),
          methods("io.vertx.core.http.HttpServerRequest", "getHeader"));

  /** CTX-005: writing the logging MDC. */
  public static final List<TargetSpec> MDC_WRITES =
      List.of(
          methods(
              "org.slf4j.MDC",
              "put",
              "putCloseable",
              "remove",
              "clear",
              "setContextMap",
              "pushByKey",
              "popByKey"),
          methods(
              "org.slf4j.spi.MDCAdapter",
              "put",
              "remove",
              "clear",
              "setContextMap",
              "pushByKey",
              "popByKey"),
          methods(
              "org.apache.logging.log4j.ThreadContext",
              "put",
              "putAll",
              "putIfNull",
              "remove",
              "removeAll",
              "clearMap",
              "clearAll",
              "clearStack",
              "push",
              "pop",
              "setStack",
              "trim"),
          methods("org.jboss.logging.MDC", "put", "putAll", "remove", "clear"),
          methods("org.apache.log4j.MDC", "put", "remove", "clear"));

  /** CTX-006: building HTTP clients by hand. */
  public static final List<TargetSpec> UNWRAPPED_HTTP_CLIENTS =
      List.of(
          methods("java.net.http.HttpClient", "newHttpClient", "newBuilder"),
          methods("java.net.URL", "openConnection", "openStream"),
          allMethods("org.apache.hc.client5.http.impl.classic.HttpClients"),
          methods("org.apache.hc.client5.http.impl.classic.HttpClientBuilder", "create"),
          allMethods("org.apache.hc.client5.http.impl.async.HttpAsyncClients"),
          methods("org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder", "create"),
          allMethods("org.apache.http.impl.client.HttpClients"),
          methods("org.apache.http.impl.client.HttpClientBuilder", "create"),
          constructors("org.apache.http.impl.client.DefaultHttpClient"),
          constructors("okhttp3.OkHttpClient"),
          constructors("okhttp3.OkHttpClient$Builder"),
          constructors("org.springframework.web.client.RestTemplate"),
          methods("org.springframework.web.client.RestClient", "create", "builder"),
          methods(
              "org.springframework.web.reactive.function.client.WebClient", "create", "builder"),
          constructors("org.springframework.boot.restclient.RestTemplateBuilder"),
          constructors("org.springframework.boot.web.client.RestTemplateBuilder"),
          methods("jakarta.ws.rs.client.ClientBuilder", "newClient", "newBuilder"),
          methods("javax.ws.rs.client.ClientBuilder", "newClient", "newBuilder"),
          methods("feign.Feign", "builder"),
          constructors("feign.Feign$Builder"));

  /** CTX-007: connections and persistence units opened around the container. */
  public static final List<TargetSpec> RAW_PERSISTENCE =
      List.of(
          methods("java.sql.DriverManager", "getConnection"),
          methods("java.sql.Driver", "connect"),
          constructors("com.zaxxer.hikari.HikariDataSource"),
          constructors("org.springframework.jdbc.datasource.DriverManagerDataSource"),
          constructors("org.springframework.jdbc.datasource.SimpleDriverDataSource"),
          constructors("org.springframework.jdbc.datasource.SingleConnectionDataSource"),
          constructors("org.apache.commons.dbcp2.BasicDataSource"),
          constructors("org.apache.tomcat.jdbc.pool.DataSource"),
          methods("org.springframework.boot.jdbc.DataSourceBuilder", "create"),
          methods("jakarta.persistence.Persistence", "createEntityManagerFactory"),
          methods("javax.persistence.Persistence", "createEntityManagerFactory"),
          methods("jakarta.persistence.EntityManagerFactory", "createEntityManager"),
          methods("javax.persistence.EntityManagerFactory", "createEntityManager"),
          methods("org.hibernate.SessionFactory", "openSession", "openStatelessSession"));

  /** CTX-008 (opt-in): thread-local state. */
  public static final List<TargetSpec> THREAD_LOCALS =
      List.of(
          constructors("java.lang.ThreadLocal"), methods("java.lang.ThreadLocal", "withInitial"));

  private Catalogue() {}
}
