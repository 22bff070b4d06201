package io.contextkit.samples.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.samples.demo.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentStubTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void recordsEachRequestAndAuthorizesCharges() throws Exception {
    try (PaymentStub stub = PaymentStub.start(0)) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stub.port() + "/charges"))
                  .header("Content-Type", "application/json")
                  .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":1,\"amountCents\":1800}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.body()).isEqualTo("{\"id\":\"pay_1\",\"status\":\"authorized\"}");
      List<RecordedRequest> requests = stub.requests();
      assertThat(requests).hasSize(1);
      RecordedRequest request = requests.get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/charges");
      assertThat(request.body()).isEqualTo("{\"orderId\":1,\"amountCents\":1800}");
      assertThat(request.header("TraceParent"))
          .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      assertThat(request.header("baggage")).isNull();
    }
  }

  @Test
  void answersOtherPathsWith404AndStillRecordsThem() throws Exception {
    try (PaymentStub stub = PaymentStub.start(0)) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stub.port() + "/refunds?x=1"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(stub.requests())
          .extracting(RecordedRequest::method, RecordedRequest::path)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/refunds?x=1"));
    }
  }
}
