package smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SmokeApplicationTest {

  @LocalServerPort int port;

  @Test
  void answersARequestWithTheRequestIdOfItsContext() throws Exception {
    HttpResponse<String> first = get();
    HttpResponse<String> second = get();

    assertThat(first.statusCode()).isEqualTo(200);
    String id = first.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).isNotBlank().isEqualTo(first.body());
    assertThat(second.headers().firstValue("X-Request-Id")).hasValue(second.body());
    assertThat(second.body()).isNotEqualTo(id);
  }

  private HttpResponse<String> get() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hello")).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
