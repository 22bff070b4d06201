package io.contextkit.spring.autoconfigure.internal;

import java.util.List;
import java.util.function.Consumer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Puts an interceptor on the blocking HTTP client beans, however they were built ({@code new
 * RestTemplate()}, {@code RestClient.create()}, {@code RestClient.builder()}): the clients Boot's
 * customizers never see (spring-boot#42502, #33912). Shared by the propagation and the TRACE
 * post-processors, which differ only in the interceptor and where it goes in the list.
 *
 * <p>Loaded only where {@code RestClient} is on the class path. This class is internal and is hence
 * not for public use. Its APIs are unstable and can change at any time.
 */
public final class RestClientInterceptors {

  private RestClientInterceptors() {}

  /**
   * Runs {@code addOnce} on the interceptor list of {@code bean} when it is a {@link RestTemplate},
   * a {@link RestClient.Builder} or a {@link RestClient}, and returns the bean to expose: {@code
   * bean} itself, except for a {@code RestClient} whose list {@code addOnce} grew, which is
   * immutable and so becomes a copy with the interceptor. Any other bean is returned untouched.
   *
   * @param addOnce adds the interceptor unless it is already in the list, and adds nothing else
   */
  public static Object addOnce(Object bean, Consumer<List<ClientHttpRequestInterceptor>> addOnce) {
    if (bean instanceof RestTemplate restTemplate) {
      addOnce.accept(restTemplate.getInterceptors());
    } else if (bean instanceof RestClient.Builder builder) {
      builder.requestInterceptors(addOnce);
    } else if (bean instanceof RestClient restClient) {
      boolean[] grew = {false};
      RestClient.Builder copy =
          restClient
              .mutate()
              .requestInterceptors(
                  list -> {
                    int before = list.size();
                    addOnce.accept(list);
                    grew[0] = list.size() != before;
                  });
      return grew[0] ? copy.build() : restClient;
    }
    return bean;
  }
}
