package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.SyntheticResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/** A {@link SyntheticResponse} as the response of a Spring HTTP client call that was not sent. */
final class SyntheticClientHttpResponse implements ClientHttpResponse {

  private final SyntheticResponse response;
  private final HttpHeaders headers = new HttpHeaders();

  SyntheticClientHttpResponse(SyntheticResponse response) {
    this.response = response;
    for (Map.Entry<String, List<String>> e : response.headers().entrySet()) {
      headers.put(e.getKey(), e.getValue());
    }
  }

  @Override
  public HttpStatusCode getStatusCode() {
    return HttpStatusCode.valueOf(response.status());
  }

  @Override
  public String getStatusText() {
    return "";
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public InputStream getBody() {
    return new ByteArrayInputStream(response.body());
  }

  @Override
  public void close() {}
}
