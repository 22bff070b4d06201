package io.contextkit.quarkus.deployment;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.quarkus.runtime.ContextKitBuildTimeConfig;
import io.contextkit.quarkus.runtime.ContextKitRecorder;
import io.contextkit.quarkus.runtime.TraceGuardDriver;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.contextkit.quarkus.runtime.internal.JdbcGuards;
import io.contextkit.quarkus.runtime.internal.TraceJdbcGuardBinding;
import io.contextkit.quarkus.runtime.internal.TraceJdbcGuardInterceptor;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.AnnotationsTransformerBuildItem;
import io.quarkus.arc.deployment.BeanArchiveIndexBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.SynthesisFinishedBuildItem;
import io.quarkus.arc.processor.AnnotationsTransformer;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ApplicationIndexBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

/**
 * The inventory of effect channels (what a TRACE request could change the world through) and the
 * JDBC backstop installed below every Agroal datasource.
 *
 * <p>What the build knows: the extensions present (Narayana, the REST clients) and the beans of
 * known channel types — reactive SQL pools, mailers, caches, Redis / MongoDB / Elasticsearch / S3
 * clients, JMS connection factories, Vert.x, Apache and OkHttp HTTP clients — named by their
 * qualifier ({@code <default>} without one); application classes that use the Vert.x {@code
 * WebClient}; and the {@link EffectChannelBuildItem}s of guards, which come first: the channel
 * guards of {@link ContextKitProcessor} (mailers, the cache manager, the Vert.x {@code WebClient})
 * and the pools of reactive datasources ({@link ContextKitReactiveProcessor}), each guarded, or
 * unguarded naming the key that switched its guard off. At runtime the Agroal datasources and the
 * outgoing messaging channels are added — each channel guarded when its connector's guard is built
 * in ({@link ContextKitProcessor#connectorGuards}), else unguarded naming the key — and the safe
 * declarations and the policy applied.
 */
final class EffectChannelProcessor {

  private static final DotName DATA_SOURCES =
      DotName.createSimple("io.quarkus.agroal.runtime.DataSources");
  private static final String CREATE_DATA_SOURCE = "createDataSource";

  private static final String DEFAULT = "<default>";

  /** The channel of quarkus-cache's {@code CacheManager}, through which every cache is reached. */
  static final String CACHE_CHANNEL = "quarkus-cache";

  /**
   * The channel of the Vert.x {@code WebClient}: its default bean and the application classes that
   * use it; a named bean is {@code vertx-web-client.<name>}.
   */
  static final String WEB_CLIENT_CHANNEL = "vertx-web-client";

  /** Bean types that are effect channels, with their kind, a name prefix and what they are. */
  private static final Spec[] SPECS = {
    // The pools of reactive datasources are guarded (ContextKitReactiveProcessor contributes them
    // by datasource name); any other pool bean is the application's own.
    new Spec(
        "io.vertx.sqlclient.Pool",
        Kind.REACTIVE_SQL_POOL,
        "",
        "a Vert.x SQL client pool that is not a reactive datasource's"),
    new Spec(
        "io.vertx.mutiny.sqlclient.Pool",
        Kind.REACTIVE_SQL_POOL,
        "",
        "a Vert.x SQL client pool that is not a reactive datasource's"),
    new Spec("io.quarkus.mailer.Mailer", Kind.MAIL_SENDER, "", "mail"),
    new Spec("io.quarkus.mailer.reactive.ReactiveMailer", Kind.MAIL_SENDER, "", "mail"),
    new Spec("io.vertx.ext.mail.MailClient", Kind.MAIL_SENDER, "", "mail"),
    new Spec("io.vertx.mutiny.ext.mail.MailClient", Kind.MAIL_SENDER, "", "mail"),
    new Spec("io.quarkus.cache.CacheManager", Kind.CACHE, CACHE_CHANNEL, "caches"),
    new Spec("io.quarkus.redis.datasource.RedisDataSource", Kind.DATA_CLIENT, "redis", "Redis"),
    new Spec(
        "io.quarkus.redis.datasource.ReactiveRedisDataSource", Kind.DATA_CLIENT, "redis", "Redis"),
    new Spec("io.vertx.redis.client.Redis", Kind.DATA_CLIENT, "redis", "Redis"),
    new Spec("io.vertx.mutiny.redis.client.Redis", Kind.DATA_CLIENT, "redis", "Redis"),
    new Spec("com.mongodb.client.MongoClient", Kind.DATA_CLIENT, "mongodb", "MongoDB"),
    new Spec(
        "io.quarkus.mongodb.reactive.ReactiveMongoClient", Kind.DATA_CLIENT, "mongodb", "MongoDB"),
    new Spec(
        "org.elasticsearch.client.RestClient", Kind.DATA_CLIENT, "elasticsearch", "Elasticsearch"),
    new Spec(
        "co.elastic.clients.elasticsearch.ElasticsearchClient",
        Kind.DATA_CLIENT,
        "elasticsearch",
        "Elasticsearch"),
    new Spec("software.amazon.awssdk.services.s3.S3Client", Kind.DATA_CLIENT, "s3", "S3"),
    new Spec("software.amazon.awssdk.services.s3.S3AsyncClient", Kind.DATA_CLIENT, "s3", "S3"),
    new Spec("jakarta.jms.ConnectionFactory", Kind.JMS_CONNECTION_FACTORY, "", "JMS"),
    new Spec(
        "io.vertx.ext.web.client.WebClient",
        Kind.HTTP_CLIENT,
        WEB_CLIENT_CHANNEL,
        "Vert.x WebClient"),
    new Spec(
        "io.vertx.mutiny.ext.web.client.WebClient",
        Kind.HTTP_CLIENT,
        WEB_CLIENT_CHANNEL,
        "Vert.x WebClient"),
    new Spec(
        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
        Kind.HTTP_CLIENT,
        "apache-httpclient",
        "Apache HttpClient 5"),
    new Spec("okhttp3.OkHttpClient", Kind.HTTP_CLIENT, "okhttp", "OkHttp"),
  };

  /** Qualifiers whose {@code value} names a client or datasource. */
  private static final Set<DotName> NAMING_QUALIFIERS =
      Set.of(
          DotName.createSimple("jakarta.inject.Named"),
          DotName.createSimple("io.smallrye.common.annotation.Identifier"),
          DotName.createSimple("io.quarkus.mailer.MailerName"),
          DotName.createSimple("io.quarkus.reactive.datasource.ReactiveDataSource"),
          DotName.createSimple("io.quarkus.redis.client.RedisClientName"),
          DotName.createSimple("io.quarkus.mongodb.MongoClientName"),
          DotName.createSimple("io.quarkus.agroal.DataSource"));

  /** The Vert.x {@code WebClient} types, whose use in application code makes a channel. */
  private static final DotName[] WEB_CLIENTS = {
    DotName.createSimple("io.vertx.ext.web.client.WebClient"),
    DotName.createSimple("io.vertx.mutiny.ext.web.client.WebClient")
  };

  /**
   * The JDBC backstop by default: an interceptor on quarkus-agroal's datasource factory puts {@code
   * TraceGuardDriver} below each pool (see {@code JdbcGuards}); the runtime decision can still
   * leave a datasource out ({@code quarkus.contextkit.trace.jdbc-guard.*}).
   */
  @BuildStep
  void jdbcGuard(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalBeanBuildItem> beans,
      BuildProducer<AnnotationsTransformerBuildItem> transformers,
      BuildProducer<ReflectiveClassBuildItem> reflective) {
    if (!config.enabled() || !capabilities.isPresent(Capability.AGROAL)) {
      return;
    }
    beans.produce(
        AdditionalBeanBuildItem.builder()
            .addBeanClasses(
                JdbcGuards.class, TraceJdbcGuardBinding.class, TraceJdbcGuardInterceptor.class)
            .setUnremovable()
            .build());
    transformers.produce(
        new AnnotationsTransformerBuildItem(
            AnnotationsTransformer.appliedToMethod()
                .whenMethod(EffectChannelProcessor::isFactoryMethod)
                .thenTransform(t -> t.add(TraceJdbcGuardBinding.class))));
    // Agroal loads the driver class by name; in a native image that needs reflection.
    reflective.produce(ReflectiveClassBuildItem.builder(TraceGuardDriver.class).build());
  }

  /**
   * Tells the runtime whether quarkus-agroal has the factory method the guard binds to; without it
   * every datasource is reported unguarded, saying why.
   */
  @BuildStep
  @Record(ExecutionTime.STATIC_INIT)
  void jdbcGuardInstalled(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BeanArchiveIndexBuildItem beanArchive,
      ContextKitRecorder recorder) {
    if (!config.enabled() || !capabilities.isPresent(Capability.AGROAL)) {
      return;
    }
    ClassInfo dataSources = beanArchive.getIndex().getClassByName(DATA_SOURCES);
    if (dataSources != null && factoryMethod(dataSources) != null) {
      recorder.jdbcGuardInterceptorInstalled();
    }
  }

  private static boolean isFactoryMethod(MethodInfo method) {
    return method.declaringClass().name().equals(DATA_SOURCES)
        && method.name().equals(CREATE_DATA_SOURCE)
        && method.parametersCount() == 3;
  }

  private static MethodInfo factoryMethod(ClassInfo dataSources) {
    for (MethodInfo method : dataSources.methods()) {
      if (method.name().equals(CREATE_DATA_SOURCE)
          && method.parametersCount() == 3
          && method.parameterType(0).name().toString().equals("java.lang.String")
          && method.parameterType(2).name().toString().equals("java.util.Map")) {
        return method;
      }
    }
    return null;
  }

  @BuildStep
  void effectChannelsBean(
      ContextKitBuildTimeConfig config, BuildProducer<AdditionalBeanBuildItem> beans) {
    if (config.enabled()) {
      beans.produce(AdditionalBeanBuildItem.unremovableOf(EffectChannels.class));
    }
  }

  /** What the build knows, in a deterministic order: contributions first, then our findings. */
  @BuildStep
  @Record(ExecutionTime.RUNTIME_INIT)
  void inventory(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      List<EffectChannelBuildItem> contributed,
      SynthesisFinishedBuildItem synthesis,
      ApplicationIndexBuildItem applicationIndex,
      ContextKitRecorder recorder,
      BeanContainerBuildItem beanContainer) {
    if (!config.enabled()) {
      return;
    }
    List<String> records = new ArrayList<>();
    // Contributions in a stable order: by kind, name, then status.
    Set<String> sortedContributions = new TreeSet<>();
    for (EffectChannelBuildItem item : contributed) {
      EffectChannel c = item.channel();
      sortedContributions.add(EffectChannels.encode(c.kind(), c.status(), c.name(), c.detail()));
    }
    records.addAll(sortedContributions);
    Set<String> found = new TreeSet<>();
    if (capabilities.isPresent(Capability.TRANSACTIONS)) {
      found.add(
          EffectChannels.encode(
              Kind.TRANSACTION_MANAGER,
              Status.GUARDED,
              "narayana",
              "@Transactional, QuarkusTransaction and UserTransaction flushed, then rolled back;"
                  + " JTA backstop"));
    }
    if (capabilities.isPresent(Capability.REST_CLIENT_REACTIVE)) {
      found.add(
          ContextKitProcessor.clientEnabled(config, capabilities)
              ? EffectChannels.encode(
                  Kind.HTTP_CLIENT,
                  Status.GUARDED,
                  "quarkus-rest-client",
                  "every client: per-destination TRACE guard (global filter)")
              : EffectChannels.encode(
                  Kind.HTTP_CLIENT,
                  Status.UNGUARDED,
                  "quarkus-rest-client",
                  "quarkus.contextkit.client.enabled=false"));
    }
    if (capabilities.isPresent(Capability.RESTEASY_CLIENT)) {
      found.add(
          EffectChannels.encode(
              Kind.HTTP_CLIENT,
              Status.UNGUARDED,
              "resteasy-client",
              "no TRACE guard for the RESTEasy Classic client"));
    }
    boolean jmsConnectorGuarded = ContextKitProcessor.jmsGuarded(config, capabilities);
    for (BeanInfo bean : synthesis.getBeans()) {
      for (Spec spec : SPECS) {
        if (hasType(bean, spec.type)) {
          String detail = "no TRACE guard for " + spec.what;
          if (spec.kind == Kind.JMS_CONNECTION_FACTORY && jmsConnectorGuarded) {
            // The connector's sends are guarded where they leave its channels; what the
            // application sends on the factory itself is not.
            detail =
                "no TRACE guard for what is sent on it directly; the smallrye-jms connector's"
                    + " outgoing channels are guarded (declare it safe when only the connector"
                    + " uses it)";
          }
          found.add(
              EffectChannels.encode(
                  spec.kind, Status.UNGUARDED, name(bean.getQualifiers(), spec.prefix), detail));
          break;
        }
      }
    }
    List<String> users = new ArrayList<>();
    for (DotName webClient : WEB_CLIENTS) {
      for (ClassInfo user : applicationIndex.getIndex().getKnownUsers(webClient)) {
        users.add(user.name().toString());
      }
    }
    if (!users.isEmpty()) {
      found.add(
          EffectChannels.encode(
              Kind.HTTP_CLIENT,
              Status.UNGUARDED,
              "vertx-web-client",
              "no TRACE guard for the Vert.x WebClient, used by "
                  + String.join(", ", new TreeSet<>(users))));
    }
    records.addAll(found);
    recorder.initEffectChannels(
        beanContainer.getValue(),
        records,
        capabilities.isPresent(Capability.AGROAL),
        ContextKitProcessor.connectorGuards(config, capabilities));
  }

  /**
   * The names the inventory gives the beans of {@code kind} whose channel name starts with {@code
   * prefix} (the same rule as for the extension's own findings), sorted: for the guards that cover
   * every bean of a type, so that their {@link EffectChannelBuildItem}s name exactly the channels
   * found.
   */
  static Set<String> channelNames(SynthesisFinishedBuildItem synthesis, Kind kind, String prefix) {
    Set<String> names = new TreeSet<>();
    for (BeanInfo bean : synthesis.getBeans()) {
      for (Spec spec : SPECS) {
        if (spec.kind == kind && spec.prefix.equals(prefix) && hasType(bean, spec.type)) {
          names.add(name(bean.getQualifiers(), spec.prefix));
          break;
        }
      }
    }
    return names;
  }

  private static boolean hasType(BeanInfo bean, DotName type) {
    for (Type t : bean.getTypes()) {
      if (t.name().equals(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The channel name of a bean with {@code qualifiers}: {@code prefix} for the default bean, {@code
   * prefix.name} for a named one (without a prefix: the name, or {@code <default>}).
   */
  static String name(Collection<AnnotationInstance> qualifiers, String prefix) {
    String qualified = DEFAULT;
    for (AnnotationInstance qualifier : qualifiers) {
      if (NAMING_QUALIFIERS.contains(qualifier.name())) {
        AnnotationValue value = qualifier.value();
        if (value != null && !value.asString().isEmpty()) {
          qualified = value.asString();
          break;
        }
      }
    }
    if (prefix.isEmpty()) {
      return qualified;
    }
    return DEFAULT.equals(qualified) ? prefix : prefix + "." + qualified;
  }

  private static final class Spec {
    final DotName type;
    final Kind kind;
    final String prefix;
    final String what;

    Spec(String type, Kind kind, String prefix, String what) {
      this.type = DotName.createSimple(type);
      this.kind = kind;
      this.prefix = prefix;
      this.what = what;
    }
  }
}
