package io.contextkit.spring.autoconfigure.trace.channels;

import io.contextkit.noop.OutboundTraceGuard;
import io.contextkit.spring.autoconfigure.trace.ContextKitTraceAutoConfiguration;
import io.contextkit.spring.autoconfigure.trace.channels.internal.TraceOkHttpPostProcessor;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Context propagation and the TRACE guard for OkHttp: every {@code OkHttpClient} bean is replaced
 * by a copy ({@code newBuilder()}; the class is final) whose first application interceptor
 * implements {@code io.contextkit.noop.TraceGuarded}, so that it writes the context by destination
 * on every hop and applies the {@code OutboundTraceGuard} of {@code contextkit.trace.*}, like the
 * other HTTP clients, for {@code execute} and {@code enqueue} alike.
 *
 * <p>Off with {@code contextkit.client.okhttp.enabled=false} (or {@code
 * contextkit.client.enabled=false}): such beans are then left unguarded.
 */
@AutoConfiguration(after = ContextKitTraceAutoConfiguration.class)
@ConditionalOnClass(OkHttpClient.class)
@ConditionalOnBean(OutboundTraceGuard.class)
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.client.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.client.okhttp.enabled", matchIfMissing = true)
public final class ContextKitTraceOkHttpAutoConfiguration {

  // Static: a post-processor from an instance method would force this configuration early.
  @Bean
  @ConditionalOnMissingBean
  static TraceOkHttpPostProcessor contextKitTraceOkHttpPostProcessor(
      ObjectProvider<OutboundTraceGuard> guard) {
    return new TraceOkHttpPostProcessor(guard);
  }
}
