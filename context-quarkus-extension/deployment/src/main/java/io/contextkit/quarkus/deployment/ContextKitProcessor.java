package io.contextkit.quarkus.deployment;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.quarkus.runtime.ContextKitBuildTimeConfig;
import io.contextkit.quarkus.runtime.ContextKitRecorder;
import io.contextkit.quarkus.runtime.internal.AsyncResourceBinding;
import io.contextkit.quarkus.runtime.internal.AsyncResourceInterceptor;
import io.contextkit.quarkus.runtime.internal.ClientContextFilter;
import io.contextkit.quarkus.runtime.internal.ContextKitProducers;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.contextkit.quarkus.runtime.internal.FeatureFlagProducers;
import io.contextkit.quarkus.runtime.internal.HibernateTraceFlusher;
import io.contextkit.quarkus.runtime.internal.IncomingContextBinding;
import io.contextkit.quarkus.runtime.internal.IncomingContextDecorator;
import io.contextkit.quarkus.runtime.internal.IncomingContextInterceptor;
import io.contextkit.quarkus.runtime.internal.KafkaConnectorContexts;
import io.contextkit.quarkus.runtime.internal.KafkaContexts;
import io.contextkit.quarkus.runtime.internal.MailerGuardBinding;
import io.contextkit.quarkus.runtime.internal.MailerGuardInterceptor;
import io.contextkit.quarkus.runtime.internal.OutgoingContextDecorator;
import io.contextkit.quarkus.runtime.internal.SecurityCallerIdentity;
import io.contextkit.quarkus.runtime.internal.ServerContextFilters;
import io.contextkit.quarkus.runtime.internal.TraceCacheProducer;
import io.contextkit.quarkus.runtime.internal.TraceClientFilter;
import io.contextkit.quarkus.runtime.internal.TraceProducers;
import io.contextkit.quarkus.runtime.internal.TraceTransactionBackstop;
import io.contextkit.quarkus.runtime.internal.TraceTransactionBinding;
import io.contextkit.quarkus.runtime.internal.TraceTransactionInterceptor;
import io.contextkit.quarkus.runtime.internal.TraceTransactionScopeInterceptor;
import io.contextkit.quarkus.runtime.internal.TraceTransactions;
import io.contextkit.quarkus.runtime.internal.TraceUserTransactionProducer;
import io.contextkit.quarkus.runtime.internal.TracerTraceContext;
import io.contextkit.quarkus.runtime.internal.WebClientTraceInterceptor;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.AnnotationsTransformerBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.SynthesisFinishedBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.processor.AnnotationsTransformer;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.AdditionalIndexedClassesBuildItem;
import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.logging.LoggingSetupBuildItem;
import io.quarkus.gizmo.Gizmo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Wires ContextKit into a Quarkus application: the propagator bean, the Quarkus REST filters, the
 * REST client filters, the security-based caller identity, the messaging decorators (Kafka, AMQP,
 * JMS) and the TRACE guards (transactions with quarkus-narayana-jta, the ORM flush with
 * quarkus-hibernate-orm, HTTP clients and the Vert.x WebClient, messaging, quarkus-mailer,
 * quarkus-cache) and, with quarkus-opentelemetry, the tracer's propagators kept off baggage, each
 * only when its extension is present and {@code quarkus.contextkit.*} leaves it on.
 */
final class ContextKitProcessor {

  private static final String FEATURE = "contextkit";

  // Named, not referenced: the class implements an interface of quarkus-opentelemetry, which an
  // application without that extension does not have.
  private static final String EXCLUSIVE_BAGGAGE_CUSTOMIZER =
      "io.contextkit.quarkus.runtime.internal.ExclusiveBaggageCustomizer";

  // The capabilities quarkus-opentelemetry provides (tracer, metrics, logs) all start with this.
  private static final String OPENTELEMETRY_CAPABILITIES = "io.quarkus.opentelemetry";

  private static final Set<DotName> ASYNC_RETURN_TYPES =
      Set.of(
          DotName.createSimple("io.smallrye.mutiny.Uni"),
          DotName.createSimple("io.smallrye.mutiny.Multi"),
          DotName.createSimple("java.util.concurrent.CompletionStage"),
          DotName.createSimple("java.util.concurrent.CompletableFuture"));

  private static final Set<DotName> HTTP_METHODS =
      Set.of(
          DotName.createSimple("jakarta.ws.rs.GET"),
          DotName.createSimple("jakarta.ws.rs.POST"),
          DotName.createSimple("jakarta.ws.rs.PUT"),
          DotName.createSimple("jakarta.ws.rs.DELETE"),
          DotName.createSimple("jakarta.ws.rs.PATCH"),
          DotName.createSimple("jakarta.ws.rs.HEAD"),
          DotName.createSimple("jakarta.ws.rs.OPTIONS"));

  private static final DotName TRANSACTIONAL =
      DotName.createSimple("jakarta.transaction.Transactional");

  private static final DotName INTERCEPTOR =
      DotName.createSimple("jakarta.interceptor.Interceptor");

  private static final DotName HIBERNATE_SESSION = DotName.createSimple("org.hibernate.Session");

  private static final DotName INCOMING =
      DotName.createSimple("org.eclipse.microprofile.reactive.messaging.Incoming");

  static final DotName MAILERS = DotName.createSimple("io.quarkus.mailer.runtime.Mailers");

  private static final DotName CACHE_MANAGER =
      DotName.createSimple("io.quarkus.cache.CacheManager");

  static final String AMQP_CONNECTOR = "io.smallrye.reactive.messaging.amqp.AmqpConnector";

  static final String JMS_CONNECTOR = "io.smallrye.reactive.messaging.jms.JmsConnector";

  private static final String AMQP_CONNECTOR_CONTEXTS =
      "io.contextkit.quarkus.runtime.internal.AmqpConnectorContexts";

  private static final String JMS_CONNECTOR_CONTEXTS =
      "io.contextkit.quarkus.runtime.internal.JmsConnectorContexts";

  static final String WEB_CLIENT_BASE = "io.vertx.ext.web.client.impl.WebClientBase";

  // WebClientBase(HttpClient, WebClientOptions): every client is built with it (the copy
  // constructor of sessions and caching clients copies the interceptors).
  private static final String WEB_CLIENT_BASE_CONSTRUCTOR =
      "(Lio/vertx/core/http/HttpClient;Lio/vertx/ext/web/client/WebClientOptions;)V";

  @BuildStep
  FeatureBuildItem feature() {
    return new FeatureBuildItem(FEATURE);
  }

  @BuildStep
  void beans(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalBeanBuildItem> beans) {
    if (!config.enabled()) {
      return;
    }
    beans.produce(AdditionalBeanBuildItem.unremovableOf(ContextKitProducers.class));
    beans.produce(AdditionalBeanBuildItem.unremovableOf(FeatureFlagProducers.class));
    if (capabilities.isPresent(Capability.SECURITY)) {
      beans.produce(AdditionalBeanBuildItem.unremovableOf(SecurityCallerIdentity.class));
    }
    if (webEnabled(config, capabilities)) {
      beans.produce(AdditionalBeanBuildItem.unremovableOf(ServerContextFilters.class));
    }
    if (clientEnabled(config, capabilities)
        && capabilities.isPresent(Capability.OPENTELEMETRY_TRACER)) {
      beans.produce(AdditionalBeanBuildItem.unremovableOf(TracerTraceContext.class));
    }
    if (exclusiveBaggageEnabled(config, capabilities)) {
      beans.produce(
          AdditionalBeanBuildItem.builder()
              .addBeanClass(EXCLUSIVE_BAGGAGE_CUSTOMIZER)
              .setUnremovable()
              .build());
    }
  }

  /**
   * TRACE guards: the outbound HTTP and messaging guards and the guarded JDK {@code HttpClient}
   * bean always; with quarkus-narayana-jta, every {@code @Transactional} transaction and every
   * {@code UserTransaction}/{@code QuarkusTransaction} commit of a TRACE request is flushed and
   * rolled back, with a JTA backstop behind them; with quarkus-hibernate-orm, the flush covers the
   * session of every persistence unit.
   */
  @BuildStep
  void trace(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalBeanBuildItem> beans,
      BuildProducer<AnnotationsTransformerBuildItem> transformers,
      BuildProducer<UnremovableBeanBuildItem> unremovable) {
    if (!config.enabled()) {
      return;
    }
    beans.produce(AdditionalBeanBuildItem.unremovableOf(TraceProducers.class));
    if (!capabilities.isPresent(Capability.TRANSACTIONS)) {
      return;
    }
    beans.produce(
        AdditionalBeanBuildItem.builder()
            .addBeanClasses(
                TraceTransactions.class,
                TraceTransactionBinding.class,
                TraceTransactionScopeInterceptor.class,
                TraceTransactionInterceptor.class,
                TraceTransactionBackstop.class,
                TraceUserTransactionProducer.class)
            .setUnremovable()
            .build());
    transformers.produce(
        new AnnotationsTransformerBuildItem(
            AnnotationsTransformer.appliedToClass()
                .whenClass(
                    c ->
                        c.hasDeclaredAnnotation(TRANSACTIONAL)
                            && !c.hasDeclaredAnnotation(INTERCEPTOR))
                .thenTransform(t -> t.add(TraceTransactionBinding.class))));
    transformers.produce(
        new AnnotationsTransformerBuildItem(
            AnnotationsTransformer.appliedToMethod()
                .whenMethod(m -> m.hasDeclaredAnnotation(TRANSACTIONAL))
                .thenTransform(t -> t.add(TraceTransactionBinding.class))));
    if (capabilities.isPresent(Capability.HIBERNATE_ORM)) {
      beans.produce(AdditionalBeanBuildItem.unremovableOf(HibernateTraceFlusher.class));
      unremovable.produce(UnremovableBeanBuildItem.beanTypes(HIBERNATE_SESSION));
    }
  }

  /**
   * Channels of SmallRye Reactive Messaging connectors (Kafka; AMQP 1.0; JMS): the context written
   * on the way out, a TRACE request's messages captured unless their destination is internal, the
   * message's context opened around every {@code @Incoming} method on the way in.
   */
  @BuildStep
  void messaging(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalBeanBuildItem> beans,
      BuildProducer<AnnotationsTransformerBuildItem> transformers) {
    // Names, not classes: each implements its connector's API, which the application may lack.
    List<String> connectors = new ArrayList<>();
    if (kafkaEnabled(config, capabilities)) {
      connectors.add(KafkaContexts.class.getName());
      connectors.add(KafkaConnectorContexts.class.getName());
    }
    if (amqpGuarded(config, capabilities)) {
      connectors.add(AMQP_CONNECTOR_CONTEXTS);
    }
    if (jmsGuarded(config, capabilities)) {
      connectors.add(JMS_CONNECTOR_CONTEXTS);
    }
    if (connectors.isEmpty()) {
      return;
    }
    beans.produce(
        AdditionalBeanBuildItem.builder()
            .addBeanClasses(connectors)
            .addBeanClasses(
                IncomingContextDecorator.class,
                OutgoingContextDecorator.class,
                IncomingContextBinding.class,
                IncomingContextInterceptor.class)
            .setUnremovable()
            .build());
    transformers.produce(
        new AnnotationsTransformerBuildItem(
            AnnotationsTransformer.appliedToMethod()
                .whenMethod(method -> method.hasDeclaredAnnotation(INCOMING))
                .thenTransform(t -> t.add(IncomingContextBinding.class))));
  }

  /** Whether the SmallRye AMQP connector is present and its context and TRACE guard wired. */
  static boolean amqpGuarded(ContextKitBuildTimeConfig config, Capabilities capabilities) {
    return config.enabled()
        && capabilities.isPresent(Capability.MESSAGING)
        && config.messaging().amqp().enabled()
        && present(AMQP_CONNECTOR);
  }

  /** Whether the SmallRye JMS connector is present and its context and TRACE guard wired. */
  static boolean jmsGuarded(ContextKitBuildTimeConfig config, Capabilities capabilities) {
    return config.enabled()
        && capabilities.isPresent(Capability.MESSAGING)
        && config.messaging().jms().enabled()
        && present(JMS_CONNECTOR);
  }

  /**
   * The TRACE guard of each messaging connector present, for the inventory: the outgoing channels
   * of the application's configuration are known at runtime only, so the runtime names each channel
   * by its channel name and gives it its connector's status — guarded when this build wired the
   * connector's guard, else unguarded naming the key that switched it off. Sorted, each encoded by
   * {@link EffectChannels#encodeConnector}.
   */
  static List<String> connectorGuards(ContextKitBuildTimeConfig config, Capabilities capabilities) {
    Set<String> guards = new TreeSet<>();
    if (capabilities.isPresent(Capability.KAFKA) && capabilities.isPresent(Capability.MESSAGING)) {
      guards.add(
          connectorGuard(
              "smallrye-kafka",
              kafkaEnabled(config, capabilities),
              "TRACE records captured unless their topic is internal",
              "quarkus.contextkit.messaging.kafka.enabled"));
    }
    if (capabilities.isPresent(Capability.MESSAGING) && present(AMQP_CONNECTOR)) {
      guards.add(
          connectorGuard(
              "smallrye-amqp",
              amqpGuarded(config, capabilities),
              "TRACE messages captured unless their address is internal",
              "quarkus.contextkit.messaging.amqp.enabled"));
    }
    if (capabilities.isPresent(Capability.MESSAGING) && present(JMS_CONNECTOR)) {
      guards.add(
          connectorGuard(
              "smallrye-jms",
              jmsGuarded(config, capabilities),
              "TRACE messages captured unless their destination is internal",
              "quarkus.contextkit.messaging.jms.enabled"));
    }
    return new ArrayList<>(guards);
  }

  private static String connectorGuard(String connector, boolean on, String guard, String key) {
    return EffectChannels.encodeConnector(
        connector,
        on ? Status.GUARDED : Status.UNGUARDED,
        connector + ": " + (on ? guard : "off: " + key + "=false"));
  }

  /**
   * What the channel guards of this build cover, for the inventory, under the names the inventory
   * gives those beans: every mailer (quarkus-mailer's {@code Mailers} bean hands them all out), the
   * cache manager, every Vert.x {@code WebClient} (the bean and the clients application code
   * creates). Each is guarded, or — its guard switched off — unguarded naming the key, so that
   * TRACE is refused rather than reach it.
   */
  @BuildStep
  void channelGuards(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      SynthesisFinishedBuildItem synthesis,
      BuildProducer<EffectChannelBuildItem> channels) {
    if (!config.enabled()) {
      return;
    }
    if (present(MAILERS.toString())) {
      boolean on = config.trace().mail().enabled();
      for (String mailer :
          EffectChannelProcessor.channelNames(synthesis, EffectChannel.Kind.MAIL_SENDER, "")) {
        channels.produce(
            channel(
                EffectChannel.Kind.MAIL_SENDER,
                mailer,
                on,
                "TRACE mails captured, not sent",
                "quarkus.contextkit.trace.mail.enabled"));
      }
    }
    if (capabilities.isPresent(Capability.CACHE)) {
      channels.produce(
          channel(
              EffectChannel.Kind.CACHE,
              EffectChannelProcessor.CACHE_CHANNEL,
              config.trace().cache().enabled(),
              "TRACE puts and invalidations kept within the request",
              "quarkus.contextkit.trace.cache.enabled"));
    }
    if (present(WEB_CLIENT_BASE)) {
      Set<String> clients = new TreeSet<>();
      clients.add(EffectChannelProcessor.WEB_CLIENT_CHANNEL);
      clients.addAll(
          EffectChannelProcessor.channelNames(
              synthesis,
              EffectChannel.Kind.HTTP_CLIENT,
              EffectChannelProcessor.WEB_CLIENT_CHANNEL));
      for (String client : clients) {
        channels.produce(
            channel(
                EffectChannel.Kind.HTTP_CLIENT,
                client,
                config.client().webClient().enabled(),
                "every WebClient decides TRACE calls by destination",
                "quarkus.contextkit.client.web-client.enabled"));
      }
    }
  }

  private static EffectChannelBuildItem channel(
      EffectChannel.Kind kind, String name, boolean on, String guard, String key) {
    return on
        ? EffectChannelBuildItem.guarded(kind, name, guard)
        : EffectChannelBuildItem.unguarded(kind, name, "off: " + key + "=false");
  }

  /**
   * quarkus-mailer: the mailers the {@code Mailers} bean hands out (default and named {@code
   * Mailer}, {@code ReactiveMailer}, Vert.x {@code MailClient}; {@code MailTemplate} sends through
   * them) capture a TRACE request's mails.
   */
  @BuildStep
  void mail(
      ContextKitBuildTimeConfig config,
      BuildProducer<AdditionalBeanBuildItem> beans,
      BuildProducer<AnnotationsTransformerBuildItem> transformers) {
    if (!config.enabled() || !present(MAILERS.toString()) || !config.trace().mail().enabled()) {
      return;
    }
    beans.produce(
        AdditionalBeanBuildItem.builder()
            .addBeanClasses(MailerGuardBinding.class, MailerGuardInterceptor.class)
            .setUnremovable()
            .build());
    transformers.produce(
        new AnnotationsTransformerBuildItem(
            AnnotationsTransformer.appliedToClass()
                .whenClass(c -> c.name().equals(MAILERS))
                .thenTransform(t -> t.add(MailerGuardBinding.class))));
  }

  /**
   * quarkus-cache: the cache manager every caching interceptor and {@code @CacheName} injection use
   * is replaced by the same manager with request-local TRACE overlays.
   */
  @BuildStep
  void cache(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalBeanBuildItem> beans,
      BuildProducer<UnremovableBeanBuildItem> unremovable) {
    if (config.enabled()
        && capabilities.isPresent(Capability.CACHE)
        && config.trace().cache().enabled()) {
      beans.produce(AdditionalBeanBuildItem.unremovableOf(TraceCacheProducer.class));
      unremovable.produce(UnremovableBeanBuildItem.beanTypes(CACHE_MANAGER));
    }
  }

  /**
   * The Vert.x {@code WebClient}: the constructor of {@code WebClientBase}, which every client
   * (core, Mutiny, sessions) is built with, installs {@link WebClientTraceInterceptor}.
   */
  @BuildStep
  void webClient(
      ContextKitBuildTimeConfig config, BuildProducer<BytecodeTransformerBuildItem> transformers) {
    if (config.enabled() && present(WEB_CLIENT_BASE) && config.client().webClient().enabled()) {
      transformers.produce(
          new BytecodeTransformerBuildItem(WEB_CLIENT_BASE, (name, visitor) -> install(visitor)));
    }
  }

  /** Calls {@code WebClientTraceInterceptor.install(this)} at the end of the main constructor. */
  private static ClassVisitor install(ClassVisitor visitor) {
    return new ClassVisitor(Gizmo.ASM_API_VERSION, visitor) {
      @Override
      public MethodVisitor visitMethod(
          int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (!"<init>".equals(name) || !WEB_CLIENT_BASE_CONSTRUCTOR.equals(descriptor)) {
          return method;
        }
        return new MethodVisitor(Gizmo.ASM_API_VERSION, method) {
          @Override
          public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
              super.visitVarInsn(Opcodes.ALOAD, 0);
              super.visitMethodInsn(
                  Opcodes.INVOKESTATIC,
                  WebClientTraceInterceptor.class.getName().replace('.', '/'),
                  "install",
                  "(Lio/vertx/ext/web/client/impl/WebClientInternal;)V",
                  false);
            }
            super.visitInsn(opcode);
          }
        };
      }
    };
  }

  static boolean kafkaEnabled(ContextKitBuildTimeConfig config, Capabilities capabilities) {
    return config.enabled()
        && config.messaging().kafka().enabled()
        && capabilities.isPresent(Capability.KAFKA)
        && capabilities.isPresent(Capability.MESSAGING);
  }

  /**
   * Resource methods that return before their response is written get their scope closed when they
   * return (see {@code AsyncResourceInterceptor}).
   */
  @BuildStep
  void asyncResources(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalBeanBuildItem> beans,
      BuildProducer<AnnotationsTransformerBuildItem> transformers) {
    if (!webEnabled(config, capabilities)) {
      return;
    }
    beans.produce(
        AdditionalBeanBuildItem.builder()
            .addBeanClasses(AsyncResourceBinding.class, AsyncResourceInterceptor.class)
            .setUnremovable()
            .build());
    transformers.produce(
        new AnnotationsTransformerBuildItem(
            AnnotationsTransformer.appliedToMethod()
                .whenMethod(ContextKitProcessor::isAsyncResourceMethod)
                .thenTransform(t -> t.add(AsyncResourceBinding.class))));
  }

  private static boolean isAsyncResourceMethod(MethodInfo method) {
    if (!ASYNC_RETURN_TYPES.contains(method.returnType().name())) {
      return false;
    }
    for (AnnotationInstance annotation : method.declaredAnnotations()) {
      if (HTTP_METHODS.contains(annotation.name())) {
        return true;
      }
    }
    return false;
  }

  /** Quarkus REST and its client discover filters and providers in the index, not among beans. */
  @BuildStep
  void indexFilters(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalIndexedClassesBuildItem> indexed) {
    if (webEnabled(config, capabilities)) {
      indexed.produce(new AdditionalIndexedClassesBuildItem(ServerContextFilters.class.getName()));
    }
    if (clientEnabled(config, capabilities)) {
      indexed.produce(
          new AdditionalIndexedClassesBuildItem(
              ClientContextFilter.class.getName(), TraceClientFilter.class.getName()));
    }
  }

  @BuildStep
  @Record(ExecutionTime.STATIC_INIT)
  void installProjections(ContextKitBuildTimeConfig config, ContextKitRecorder recorder) {
    if (config.enabled()) {
      recorder.installProjections();
      recorder.installLocator();
    }
  }

  /** After Quarkus installed its handlers, so that the filter lands on them. */
  @BuildStep
  @Record(ExecutionTime.RUNTIME_INIT)
  void logRecordContext(
      ContextKitBuildTimeConfig config,
      ContextKitRecorder recorder,
      LoggingSetupBuildItem loggingSetup) {
    if (config.enabled() && config.logging().enabled()) {
      recorder.installLogRecordContext();
    }
  }

  @BuildStep
  @Record(ExecutionTime.RUNTIME_INIT)
  void initPropagator(
      ContextKitBuildTimeConfig config,
      ContextKitRecorder recorder,
      BeanContainerBuildItem beanContainer) {
    if (config.enabled()) {
      recorder.initPropagator(beanContainer.getValue());
      recorder.initFlags(beanContainer.getValue());
      recorder.initTraceGuards(beanContainer.getValue());
    }
  }

  /** Whether the application has {@code className} (a library it may lack). */
  static boolean present(String className) {
    return QuarkusClassLoader.isClassPresentAtRuntime(className);
  }

  /** Whether quarkus-opentelemetry is present, whose propagators are then kept off baggage. */
  static boolean openTelemetryPresent(Capabilities capabilities) {
    return capabilities.isCapabilityWithPrefixPresent(OPENTELEMETRY_CAPABILITIES);
  }

  /** Whether the tracer's propagators are kept off the {@code baggage} header in this build. */
  static boolean exclusiveBaggageEnabled(
      ContextKitBuildTimeConfig config, Capabilities capabilities) {
    return config.tracing().exclusiveBaggage() && openTelemetryPresent(capabilities);
  }

  static boolean clientEnabled(ContextKitBuildTimeConfig config, Capabilities capabilities) {
    return config.enabled()
        && config.client().enabled()
        && capabilities.isPresent(Capability.REST_CLIENT_REACTIVE);
  }

  static boolean webEnabled(ContextKitBuildTimeConfig config, Capabilities capabilities) {
    return config.enabled() && config.web().enabled() && capabilities.isPresent(Capability.REST);
  }
}
