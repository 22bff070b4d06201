package io.contextkit.spring.autoconfigure.trace.channels;

import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.spring.autoconfigure.trace.ContextKitTraceAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceApacheHttpClientPostProcessor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Context propagation and the TRACE guard for Apache HttpClient 5: every {@code
 * CloseableHttpClient} bean is wrapped (static post-processor, never {@code @Primary}, never twice;
 * the wrapper implements {@code io.contextkit.noop.TraceGuarded}) so that it writes the context by
 * destination and applies the {@code OutboundTraceGuard} of {@code contextkit.trace.*} to every
 * call and every redirect hop, like the other HTTP clients. The clients Boot builds inside its
 * {@code HttpComponentsClientHttpRequestFactory} are not beans: {@code RestClient} and {@code
 * RestTemplate} calls through them are guarded by their interceptor, once.
 *
 * <p>Off with {@code contextkit.client.httpclient5.enabled=false} (or {@code
 * contextkit.client.enabled=false}): such beans are then left unguarded.
 */
@AutoConfiguration(after = ContextKitTraceAutoConfiguration.class)
@ConditionalOnClass(CloseableHttpClient.class)
@ConditionalOnBean(OutboundTraceGuard.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.client.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.client.httpclient5.enabled", matchIfMissing = true)
public final class ContextKitTraceApacheHttpClientAutoConfiguration {

  // Static: a post-processor from an instance method would force this configuration early.
  @Bean
  @ConditionalOnMissingBean
  static TraceApacheHttpClientPostProcessor contextKitTraceApacheHttpClientPostProcessor(
      ObjectProvider<OutboundTraceGuard> guard) {
    return new TraceApacheHttpClientPostProcessor(guard);
  }
}
