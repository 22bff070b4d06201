package io.contextkit.spring.autoconfigure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.integration.micrometer.RequestContextThreadLocalAccessor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.util.context.Context;

class WebClientFiltersTest {

  private final ExchangeFilterFunction ours = (request, next) -> next.exchange(request);

  private void addOnce(List<ExchangeFilterFunction> filters) {
    if (!filters.contains(ours)) {
      filters.add(ours);
    }
  }

  private static List<ExchangeFilterFunction> filtersOf(WebClient client) {
    List<ExchangeFilterFunction> seen = new ArrayList<>();
    client.mutate().filters(seen::addAll);
    return seen;
  }

  @Test
  void prefersTheContextCurrentOnTheSubscribingThread() {
    RequestContext current = RequestContext.builder().requestId("current").build();
    RequestContext carried = RequestContext.builder().requestId("carried").build();

    try (ContextScope scope = current.makeCurrent()) {
      assertThat(
              WebClientFilters.requestContext(
                  Context.of(RequestContextThreadLocalAccessor.KEY, carried)))
          .isSameAs(current);
    }
  }

  @Test
  void fallsBackToTheContextCarriedByReactor() {
    RequestContext carried = RequestContext.builder().requestId("carried").build();

    assertThat(
            WebClientFilters.requestContext(
                Context.of(RequestContextThreadLocalAccessor.KEY, carried)))
        .isSameAs(carried);
  }

  @Test
  void isEmptyWhenNeitherHasOne() {
    assertThat(WebClientFilters.requestContext(Context.of("other", "value")).isEmpty()).isTrue();
    assertThat(
            WebClientFilters.requestContext(
                    Context.of(RequestContextThreadLocalAccessor.KEY, "not a context"))
                .isEmpty())
        .isTrue();
  }

  @Test
  void addsToABuilderInPlace() {
    WebClient.Builder builder = WebClient.builder();

    Object exposed = WebClientFilters.addOnce(builder, this::addOnce);

    assertThat(exposed).isSameAs(builder);
    assertThat(filtersOf(builder.build())).containsExactly(ours);
  }

  @Test
  void replacesABuiltClientByACopyWithTheFilter() {
    WebClient client = WebClient.create();

    Object exposed = WebClientFilters.addOnce(client, this::addOnce);

    assertThat(exposed).isNotSameAs(client).isInstanceOf(WebClient.class);
    assertThat(filtersOf((WebClient) exposed)).containsExactly(ours);
    assertThat(filtersOf(client)).isEmpty();
  }

  @Test
  void keepsABuiltClientThatAlreadyHasTheFilter() {
    WebClient client = WebClient.builder().filter(ours).build();

    Object exposed = WebClientFilters.addOnce(client, this::addOnce);

    assertThat(exposed).isSameAs(client);
  }

  @Test
  void leavesOtherBeansUntouched() {
    Object other = new Object();
    List<String> calls = new ArrayList<>();

    Object exposed = WebClientFilters.addOnce(other, filters -> calls.add("called"));

    assertThat(exposed).isSameAs(other);
    assertThat(calls).isEmpty();
  }
}
