package io.contextkit.spring.autoconfigure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

class RestClientInterceptorsTest {

  private final ClientHttpRequestInterceptor ours =
      (request, body, execution) -> execution.execute(request, body);

  private void addOnce(List<ClientHttpRequestInterceptor> list) {
    if (!list.contains(ours)) {
      list.add(ours);
    }
  }

  private static List<ClientHttpRequestInterceptor> interceptorsOf(RestClient client) {
    List<ClientHttpRequestInterceptor> seen = new ArrayList<>();
    client.mutate().requestInterceptors(seen::addAll);
    return seen;
  }

  @Test
  void addsToATemplateInPlace() {
    RestTemplate template = new RestTemplate();

    Object exposed = RestClientInterceptors.addOnce(template, this::addOnce);

    assertThat(exposed).isSameAs(template);
    assertThat(template.getInterceptors()).containsExactly(ours);
  }

  @Test
  void addsToABuilderSoEveryClientItBuildsHasIt() {
    RestClient.Builder builder = RestClient.builder();

    Object exposed = RestClientInterceptors.addOnce(builder, this::addOnce);

    assertThat(exposed).isSameAs(builder);
    assertThat(interceptorsOf(builder.build())).containsExactly(ours);
  }

  @Test
  void replacesABuiltClientByACopyWithTheInterceptor() {
    RestClient client = RestClient.create();

    Object exposed = RestClientInterceptors.addOnce(client, this::addOnce);

    assertThat(exposed).isNotSameAs(client).isInstanceOf(RestClient.class);
    assertThat(interceptorsOf((RestClient) exposed)).containsExactly(ours);
    assertThat(interceptorsOf(client)).isEmpty();
  }

  @Test
  void keepsABuiltClientThatAlreadyHasTheInterceptor() {
    RestClient client = RestClient.builder().requestInterceptor(ours).build();

    Object exposed = RestClientInterceptors.addOnce(client, this::addOnce);

    assertThat(exposed).isSameAs(client);
    assertThat(interceptorsOf(client)).containsExactly(ours);
  }

  @Test
  void leavesOtherBeansUntouched() {
    Object other = new Object();
    List<String> calls = new ArrayList<>();

    Object exposed = RestClientInterceptors.addOnce(other, list -> calls.add("called"));

    assertThat(exposed).isSameAs(other);
    assertThat(calls).isEmpty();
  }
}
