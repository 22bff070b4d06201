package io.contextkit.spring.autoconfigure.internal;

import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.util.context.ContextView;

/**
 * What the propagation and the TRACE filters of {@code WebClient} must do alike: find the request
 * an exchange belongs to, and get onto every {@code WebClient} bean. Two filters that disagreed on
 * the request would let a TRACE exchange go out unguarded or unmarked.
 *
 * <p>Loaded only where WebFlux is on the class path. This class is internal and is hence not for
 * public use. Its APIs are unstable and can change at any time.
 */
public final class WebClientFilters {

  private WebClientFilters() {}

  /**
   * The request context of an exchange subscribed to with {@code reactorContext}: the one current
   * on the subscribing thread (e.g. the servlet thread that calls {@code block()}), else the one in
   * the Reactor context under {@value RequestContextThreadLocalAccessor#KEY} (where Micrometer
   * context propagation puts it), else the empty context.
   */
  public static RequestContext requestContext(ContextView reactorContext) {
    RequestContext context = RequestContext.current();
    if (context.isEmpty()
        && reactorContext.getOrDefault(RequestContextThreadLocalAccessor.KEY, null)
            instanceof RequestContext carried) {
      return carried;
    }
    return context;
  }

  /**
   * Runs {@code addOnce} on the filter list of {@code bean} when it is a {@link WebClient.Builder}
   * or a {@link WebClient}, and returns the bean to expose: {@code bean} itself, except for a
   * {@code WebClient} whose list {@code addOnce} grew, which is immutable and so becomes a mutated
   * copy with the filter (nothing else about it changes). Any other bean is returned untouched.
   *
   * @param addOnce adds the filter unless it is already in the list, and adds nothing else
   */
  public static Object addOnce(Object bean, Consumer<List<ExchangeFilterFunction>> addOnce) {
    if (bean instanceof WebClient.Builder builder) {
      builder.filters(addOnce);
    } else if (bean instanceof WebClient client) {
      boolean[] grew = {false};
      WebClient.Builder copy =
          client
              .mutate()
              .filters(
                  filters -> {
                    int before = filters.size();
                    addOnce.accept(filters);
                    grew[0] = filters.size() != before;
                  });
      return grew[0] ? copy.build() : client;
    }
    return bean;
  }
}
