package io.contextkit.quarkus.deployment;

import io.contextkit.quarkus.runtime.ContextKitBuildTimeConfig;
import io.contextkit.quarkus.runtime.ContextKitRecorder;
import io.contextkit.quarkus.runtime.internal.AsyncResourceBinding;
import io.contextkit.quarkus.runtime.internal.AsyncResourceInterceptor;
import io.contextkit.quarkus.runtime.internal.ClientContextFilter;
import io.contextkit.quarkus.runtime.internal.ContextKitProducers;
import io.contextkit.quarkus.runtime.internal.FeatureFlagProducers;
import io.contextkit.quarkus.runtime.internal.HibernateTraceFlusher;
import io.contextkit.quarkus.runtime.internal.IncomingContextBinding;
import io.contextkit.quarkus.runtime.internal.IncomingContextInterceptor;
import io.contextkit.quarkus.runtime.internal.KafkaContexts;
import io.contextkit.quarkus.runtime.internal.KafkaIncomingDecorator;
import io.contextkit.quarkus.runtime.internal.KafkaOutgoingDecorator;
import io.contextkit.quarkus.runtime.internal.SecurityCallerIdentity;
import io.contextkit.quarkus.runtime.internal.ServerContextFilters;
import io.contextkit.quarkus.runtime.internal.TraceClientFilter;
import io.contextkit.quarkus.runtime.internal.TraceProducers;
import io.contextkit.quarkus.runtime.internal.TraceRequestCounters;
import io.contextkit.quarkus.runtime.internal.TraceTransactionBackstop;
import io.contextkit.quarkus.runtime.internal.TraceTransactionBinding;
import io.contextkit.quarkus.runtime.internal.TraceTransactionInterceptor;
import io.contextkit.quarkus.runtime.internal.TraceTransactionScopeInterceptor;
import io.contextkit.quarkus.runtime.internal.TraceTransactions;
import io.contextkit.quarkus.runtime.internal.TraceUserTransactionProducer;
import io.contextkit.quarkus.runtime.internal.TracerTraceContext;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.AnnotationsTransformerBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.processor.AnnotationsTransformer;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.AdditionalIndexedClassesBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.logging.LoggingSetupBuildItem;
import java.util.Set;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;

/**
 * Wires ContextKit into a Quarkus application: the propagator bean, the Quarkus REST filters, the
 * REST client filters, the security-based caller identity, the Kafka decorators and the TRACE
 * guards (transactions with quarkus-narayana-jta, the ORM flush with quarkus-hibernate-orm, HTTP
 * clients, Kafka) and, with quarkus-opentelemetry, the tracer's propagators kept off baggage, each
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
      beans.produce(AdditionalBeanBuildItem.unremovableOf(TraceRequestCounters.class));
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
   * Kafka channels of SmallRye Reactive Messaging: headers written on the way out, the record's
   * context opened around every {@code @Incoming} method on the way in.
   */
  @BuildStep
  void kafka(
      ContextKitBuildTimeConfig config,
      Capabilities capabilities,
      BuildProducer<AdditionalBeanBuildItem> beans,
      BuildProducer<AnnotationsTransformerBuildItem> transformers) {
    if (!kafkaEnabled(config, capabilities)) {
      return;
    }
    beans.produce(
        AdditionalBeanBuildItem.builder()
            .addBeanClasses(
                KafkaContexts.class,
                KafkaIncomingDecorator.class,
                KafkaOutgoingDecorator.class,
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

  static boolean kafkaEnabled(ContextKitBuildTimeConfig config, Capabilities capabilities) {
    return config.enabled()
        && config.kafka().enabled()
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
