package io.contextkit.spring.autoconfigure.trace;

import io.contextkit.ContextPropagator;
import io.contextkit.noop.MessageTraceGuard;
import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.noop.TraceGuardFactory;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.ContextKitHttpClientAutoConfiguration;
import io.contextkit.spring.autoconfigure.client.ContextKitWebClientAutoConfiguration;
import io.contextkit.spring.autoconfigure.internal.SpringSettings;
import io.contextkit.spring.autoconfigure.trace.internal.TraceClientHttpRequestInterceptor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceClientPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceConnectionFactoryPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceDataSourcePostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceExchangeFilterFunction;
import io.contextkit.spring.autoconfigure.trace.internal.TraceJmsPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceKafkaPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TracePolicyHolder;
import io.contextkit.spring.autoconfigure.trace.internal.TraceProducerPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceRabbitPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceReactiveTransactionManagerPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceResponseFilter;
import io.contextkit.spring.autoconfigure.trace.internal.TraceTransactionManagerPostProcessor;
import io.contextkit.spring.autoconfigure.trace.internal.TraceWebClientPostProcessor;
import io.contextkit.spring.autoconfigure.web.ContextKitWebMvcAutoConfiguration;
import io.contextkit.spring.autoconfigure.webflux.ContextKitWebFluxAutoConfiguration;
import io.contextkit.spring.autoconfigure.webflux.internal.TraceHttpHandler;
import io.contextkit.spring.autoconfigure.webflux.internal.TraceWebFilter;
import io.contextkit.trust.MessagingDestinations;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import javax.sql.DataSource;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of TRACE requests (DESIGN.md § TRACE requests).
 *
 * <ul>
 *   <li>every {@code PlatformTransactionManager} bean flushes and rolls back, instead of
 *       committing, each transaction it starts for a TRACE request (static post-processor, never
 *       {@code @Primary}, never twice);
 *   <li>every {@code DataSource} bean is wrapped in a {@code TraceGuardDataSource}, the JDBC
 *       backstop;
 *   <li>with Reactor, every {@code ReactiveTransactionManager} bean ({@code
 *       R2dbcTransactionManager}, so reactive {@code @Transactional} methods and {@code
 *       TransactionalOperator}) rolls back, instead of committing, each transaction it starts for a
 *       TRACE request — the request read from the Reactor context of the commit's subscriber; and
 *       every R2DBC {@code ConnectionFactory} bean is wrapped in a {@code
 *       TraceGuardConnectionFactory}, the R2DBC backstop;
 *   <li>{@code contextkit.trace.*} configures the {@link OutboundTraceGuard} applied to {@code
 *       RestClient}, {@code RestTemplate}, {@code WebClient} (an exchange filter on Boot's builder,
 *       by a {@code WebClientCustomizer}, and on every builder and client bean) and JDK {@code
 *       HttpClient} beans;
 *   <li>{@code contextKitTracePolicy} builds the inventory of effect channels once every singleton
 *       exists (each bean that can write outside the process: guarded, declared safe by {@code
 *       contextkit.trace.safe-channels.<kind>.<name>=<reason>}, or unguarded; contributions of
 *       {@link EffectChannelContributor} beans first), logs it in one line, and decides for every
 *       TRACE request ({@code contextkit.trace.enabled}, {@code
 *       contextkit.trace.unguarded-channels});
 *   <li>on servlet web applications, {@code contextKitTraceFilter} (just after the identity filter)
 *       refuses TRACE requests with 503 when {@code contextkit.trace.enabled=false} or while an
 *       effect channel is unguarded (policy {@code refuse}, the default), and otherwise answers
 *       every TRACE request with {@code Trace-Applied}, {@code Cache-Control: no-store} and the
 *       {@code Trace-Report} summary, logs the complete report once (logger {@code
 *       io.contextkit.trace}) and puts it on the recording span;
 *   <li>on reactive web applications, {@code contextKitTraceHttpHandlerDecorator} holds the
 *       response of every request that asks for TRACE until the exchange has ended (exception
 *       handlers included), and {@code contextKitTraceWebFilter} (just after the identity filter)
 *       refuses TRACE requests with 503 as the servlet filter does (kill switch, unguarded
 *       channels: the one place a reactive application asks the policy), and otherwise marks the
 *       held response TRACE: it then gets the same headers, 5xx rules and log event as on servlet
 *       applications, a streamed body included;
 *   <li>with spring-kafka, every producer a {@code ProducerFactory} bean creates is wrapped in a
 *       {@code TraceGuardProducer}: under TRACE, a record to a topic outside {@code
 *       contextkit.messaging.internal-destinations} is captured (never reaches the broker; the send
 *       completes with synthetic metadata, offset -1) and one {@code MESSAGE} side effect is
 *       recorded; a record to an internal topic is sent with the context, {@code
 *       request_type=TRACE} in its baggage, so its consumer runs as TRACE — provided the consumer
 *       trusts it, which takes the deployment's signing keys ({@code contextkit.trust.*}): an
 *       unsigned TRACE record is skipped by the consumer, never run as STANDARD;
 *   <li>with a JMS API, every JMS {@code ConnectionFactory} bean is wrapped so that every producer
 *       of its connections applies the same guard ({@code JmsTemplate}, {@code JmsClient}, {@code
 *       JmsMessagingTemplate} and {@code @JmsListener} replies all send through it);
 *   <li>with spring-rabbit, every {@code RabbitTemplate} bean publishes through a guarded view of
 *       its connection factory: the exchange (or, on the default exchange, the routing key) is
 *       matched against the internal destinations.
 * </ul>
 *
 * <p>The guards of transactions, data sources and clients stay on when {@code
 * contextkit.trace.enabled=false}: they change nothing for STANDARD requests, and a TRACE context
 * that arrives by another path (a message, a test) must still not commit. The messaging guards stay
 * on for the same reason.
 */
@AutoConfiguration(
    after = {
      ContextKitAutoConfiguration.class,
      ContextKitWebMvcAutoConfiguration.class,
      ContextKitWebFluxAutoConfiguration.class,
      ContextKitHttpClientAutoConfiguration.class,
      ContextKitWebClientAutoConfiguration.class
    })
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraceProperties.class)
public final class ContextKitTraceAutoConfiguration {

  /** Order of the TRACE filter: right after the identity filter, which settles TRACE activation. */
  public static final int TRACE_FILTER_ORDER =
      ContextKitWebMvcAutoConfiguration.IDENTITY_FILTER_ORDER + 1;

  /**
   * Order of the reactive TRACE filter: right after the reactive identity filter, which settles
   * TRACE activation.
   */
  public static final int TRACE_WEB_FILTER_ORDER =
      ContextKitWebFluxAutoConfiguration.IDENTITY_FILTER_ORDER + 1;

  /**
   * The effect-channel inventory and the policy built on it, once every singleton exists; read by
   * the TRACE entry points and the actuator endpoint.
   */
  // Not lazy, also under spring.main.lazy-initialization: it must see the singletons created.
  @Bean
  @Lazy(false)
  @ConditionalOnMissingBean
  TracePolicyHolder contextKitTracePolicy(
      TraceProperties properties, ObjectProvider<EffectChannelContributor> contributors) {
    return new TracePolicyHolder(
        properties.isEnabled(),
        properties.getUnguardedChannels(),
        properties.getSafeChannels(),
        contributors);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ContextPropagator.class)
  OutboundTraceGuard contextKitOutboundTraceGuard(
      ContextPropagator propagator, TraceProperties properties) {
    return SpringSettings.boot(
        () ->
            TraceGuardFactory.outbound(
                propagator, SpringSettings.of(null, null, properties), SpringSettings.KEYS));
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(PlatformTransactionManager.class)
  static class TransactionConfiguration {

    // Static: post-processors from instance methods would force this configuration early.
    @Bean
    @ConditionalOnMissingBean
    static TraceTransactionManagerPostProcessor contextKitTraceTransactionManagerPostProcessor() {
      return new TraceTransactionManagerPostProcessor();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      value = ReactiveTransactionManager.class,
      name = "reactor.core.publisher.Mono")
  static class ReactiveTransactionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceReactiveTransactionManagerPostProcessor
        contextKitTraceReactiveTransactionManagerPostProcessor() {
      return new TraceReactiveTransactionManagerPostProcessor();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.r2dbc.spi.ConnectionFactory", "reactor.core.publisher.Mono"})
  static class R2dbcConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceConnectionFactoryPostProcessor contextKitTraceConnectionFactoryPostProcessor() {
      return new TraceConnectionFactoryPostProcessor();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(DataSource.class)
  static class DataSourceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceDataSourcePostProcessor contextKitTraceDataSourcePostProcessor() {
      return new TraceDataSourcePostProcessor();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "contextkit.client.enabled", matchIfMissing = true)
  static class ClientConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceClientPostProcessor contextKitTraceClientPostProcessor(
        ObjectProvider<OutboundTraceGuard> guard) {
      return new TraceClientPostProcessor(guard);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({RestClient.class, RestClientCustomizer.class})
    static class BootBuilderConfiguration {

      @Bean
      @ConditionalOnMissingBean(name = "contextKitTraceRestClientCustomizer")
      RestClientCustomizer contextKitTraceRestClientCustomizer(
          ObjectProvider<OutboundTraceGuard> guard) {
        TraceClientHttpRequestInterceptor interceptor =
            new TraceClientHttpRequestInterceptor(guard::getObject);
        return builder ->
            builder.requestInterceptors(
                list -> TraceClientHttpRequestInterceptor.addOnce(list, interceptor));
      }

      @Bean
      @ConditionalOnMissingBean(name = "contextKitTraceRestTemplateCustomizer")
      RestTemplateCustomizer contextKitTraceRestTemplateCustomizer(
          ObjectProvider<OutboundTraceGuard> guard) {
        TraceClientHttpRequestInterceptor interceptor =
            new TraceClientHttpRequestInterceptor(guard::getObject);
        return restTemplate ->
            TraceClientHttpRequestInterceptor.addOnce(restTemplate.getInterceptors(), interceptor);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(WebClient.class)
  @ConditionalOnBooleanProperty(name = "contextkit.client.enabled", matchIfMissing = true)
  static class WebClientConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceWebClientPostProcessor contextKitTraceWebClientPostProcessor(
        ObjectProvider<OutboundTraceGuard> guard) {
      return new TraceWebClientPostProcessor(guard);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClientCustomizer.class)
    static class BootBuilderConfiguration {

      @Bean
      @ConditionalOnMissingBean(name = "contextKitTraceWebClientCustomizer")
      WebClientCustomizer contextKitTraceWebClientCustomizer(
          ObjectProvider<OutboundTraceGuard> guard) {
        TraceExchangeFilterFunction filter = new TraceExchangeFilterFunction(guard::getObject);
        return builder ->
            builder.filters(filters -> TraceExchangeFilterFunction.addOnce(filters, filter));
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({Filter.class, FilterRegistrationBean.class})
  @ConditionalOnBooleanProperty(name = "contextkit.web.enabled", matchIfMissing = true)
  static class WebConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitTraceFilter")
    FilterRegistrationBean<TraceResponseFilter> contextKitTraceFilter(
        TracePolicyHolder contextKitTracePolicy) {
      FilterRegistrationBean<TraceResponseFilter> registration =
          new FilterRegistrationBean<>(new TraceResponseFilter(contextKitTracePolicy));
      registration.setOrder(TRACE_FILTER_ORDER);
      registration.setDispatcherTypes(
          DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      registration.setName("contextKitTraceFilter");
      return registration;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(value = WebFilter.class, name = "reactor.core.publisher.Mono")
  @ConditionalOnBooleanProperty(name = "contextkit.web.enabled", matchIfMissing = true)
  static class ReactiveWebConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextKitTraceWebFilter")
    TraceWebFilter contextKitTraceWebFilter(TracePolicyHolder contextKitTracePolicy) {
      return new TraceWebFilter(contextKitTracePolicy, TRACE_WEB_FILTER_ORDER);
    }

    // Just inside ContextKit's entry decorator (HIGHEST_PRECEDENCE), whose Reactor context it
    // reads.
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    @ConditionalOnMissingBean(name = "contextKitTraceHttpHandlerDecorator")
    HttpHandlerDecoratorFactory contextKitTraceHttpHandlerDecorator() {
      return TraceHttpHandler.decorator();
    }
  }

  // Like the transaction, DataSource and HTTP guards, the messaging guards stay on when TRACE is
  // switched off, and when the context integration of their broker is: the kill switch refuses
  // TRACE requests at the door, but a TRACE context that still arrives (a signed message, a
  // scheduled job) must not publish for real.
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnMessagingLibrary.class)
  static class MessagingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessageTraceGuard contextKitMessageTraceGuard(
        ObjectProvider<MessagingDestinations> destinations, TraceProperties properties) {
      return SpringSettings.boot(
          () ->
              TraceGuardFactory.messages(
                  destinations.getIfAvailable(MessagingDestinations::none),
                  SpringSettings.of(null, null, properties),
                  SpringSettings.KEYS));
    }
  }

  /** Any broker library the TRACE messaging guards cover is present. */
  static final class OnMessagingLibrary extends AnyNestedCondition {

    OnMessagingLibrary() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnClass(name = "org.springframework.kafka.core.ProducerFactory")
    static class Kafka {}

    @ConditionalOnClass(name = "jakarta.jms.ConnectionFactory")
    static class Jms {}

    @ConditionalOnClass(name = "org.springframework.amqp.rabbit.core.RabbitTemplate")
    static class Rabbit {}
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ProducerFactory.class)
  static class KafkaConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceKafkaPostProcessor contextKitTraceKafkaPostProcessor(
        ObjectProvider<MessageTraceGuard> guard, ObjectProvider<ContextPropagator> propagator) {
      return new TraceKafkaPostProcessor(
          new TraceProducerPostProcessor(
              guard::getObject, () -> propagator.getIfAvailable(ContextPropagator::defaults)));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(jakarta.jms.ConnectionFactory.class)
  static class JmsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceJmsPostProcessor contextKitTraceJmsPostProcessor(
        ObjectProvider<MessageTraceGuard> guard, ObjectProvider<ContextPropagator> propagator) {
      return new TraceJmsPostProcessor(
          guard::getObject, () -> propagator.getIfAvailable(ContextPropagator::defaults));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RabbitTemplate.class)
  static class RabbitConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TraceRabbitPostProcessor contextKitTraceRabbitPostProcessor(
        ObjectProvider<MessageTraceGuard> guard, ObjectProvider<ContextPropagator> propagator) {
      return new TraceRabbitPostProcessor(
          guard::getObject, () -> propagator.getIfAvailable(ContextPropagator::defaults));
    }
  }
}
