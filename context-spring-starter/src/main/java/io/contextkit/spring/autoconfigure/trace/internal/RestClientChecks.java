package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/** Classifies blocking Spring HTTP clients for the inventory. Loaded only with spring-web. */
final class RestClientChecks {

  private static final String GUARD = "per-destination TRACE guard (interceptor)";

  private static final @Nullable Class<?> REST_TEMPLATE_BUILDER =
      EffectChannelScanner.resolve("org.springframework.boot.restclient.RestTemplateBuilder");

  private RestClientChecks() {}

  static EffectChannel classify(
      String name, @Nullable Object bean, Class<?> type, boolean guardInstalled) {
    if (bean == null) {
      return guardInstalled
          ? EffectChannel.guarded(Kind.HTTP_CLIENT, name, GUARD + " when created")
          : EffectChannel.unguarded(
              Kind.HTTP_CLIENT, name, "the TRACE HTTP guard is not installed");
    }
    boolean guarded;
    if (bean instanceof RestTemplate template) {
      guarded = hasGuard(template.getInterceptors());
    } else if (bean instanceof RestClient.Builder builder) {
      boolean[] found = {false};
      builder.requestInterceptors(list -> found[0] = hasGuard(list));
      guarded = found[0];
    } else if (bean instanceof RestClient client) {
      boolean[] found = {false};
      client.mutate().requestInterceptors(list -> found[0] = hasGuard(list));
      guarded = found[0];
    } else if (REST_TEMPLATE_BUILDER != null && REST_TEMPLATE_BUILDER.isInstance(bean)) {
      // What the builder's customizers make of a template is only seen on a template.
      guarded = hasGuard(Builders.build(bean).getInterceptors());
    } else {
      guarded = false;
    }
    return guarded
        ? EffectChannel.guarded(Kind.HTTP_CLIENT, name, GUARD)
        : EffectChannel.unguarded(Kind.HTTP_CLIENT, name, "has no TRACE interceptor");
  }

  private static boolean hasGuard(List<ClientHttpRequestInterceptor> interceptors) {
    for (ClientHttpRequestInterceptor interceptor : interceptors) {
      if (interceptor instanceof TraceClientHttpRequestInterceptor) {
        return true;
      }
    }
    return false;
  }

  /** Loaded only with spring-boot-restclient. */
  private static final class Builders {
    static RestTemplate build(Object builder) {
      return ((org.springframework.boot.restclient.RestTemplateBuilder) builder).build();
    }
  }
}
