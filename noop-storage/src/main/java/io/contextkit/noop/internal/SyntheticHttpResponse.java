package io.contextkit.noop.internal;

import io.contextkit.noop.SyntheticResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLSession;

/**
 * A JDK {@link HttpResponse} built from a {@link SyntheticResponse}, its body produced by the
 * caller's own {@link HttpResponse.BodyHandler}, so the caller sees the type it asked for.
 */
public final class SyntheticHttpResponse<T> implements HttpResponse<T> {

  private final HttpRequest request;
  private final int status;
  private final HttpHeaders headers;
  private final T body;

  private SyntheticHttpResponse(HttpRequest request, int status, HttpHeaders headers, T body) {
    this.request = request;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** Runs {@code handler} over the synthetic body and returns the complete response. */
  public static <T> HttpResponse<T> create(
      HttpRequest request, SyntheticResponse synthetic, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    HttpHeaders headers = HttpHeaders.of(synthetic.headers(), (name, value) -> true);
    int status = synthetic.status();
    ResponseInfo info =
        new ResponseInfo() {
          @Override
          public int statusCode() {
            return status;
          }

          @Override
          public HttpHeaders headers() {
            return headers;
          }

          @Override
          public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
          }
        };
    BodySubscriber<T> subscriber = handler.apply(info);
    byte[] bytes = synthetic.body();
    subscriber.onSubscribe(new OneShot(subscriber, bytes));
    try {
      T body = subscriber.getBody().toCompletableFuture().get();
      return new SyntheticHttpResponse<>(request, status, headers, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building a synthetic response", e);
    } catch (ExecutionException e) {
      throw new IOException("the body handler failed on a synthetic response", e.getCause());
    }
  }

  /** Delivers the whole body in one item, then completes. */
  private static final class OneShot implements Flow.Subscription {
    private final BodySubscriber<?> subscriber;
    private final byte[] bytes;
    private boolean done;

    OneShot(BodySubscriber<?> subscriber, byte[] bytes) {
      this.subscriber = subscriber;
      this.bytes = bytes;
    }

    @Override
    public void request(long n) {
      if (done || n <= 0) {
        return;
      }
      done = true;
      if (bytes.length > 0) {
        subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
      }
      subscriber.onComplete();
    }

    @Override
    public void cancel() {
      done = true;
    }
  }

  @Override
  public int statusCode() {
    return status;
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public Optional<HttpResponse<T>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public T body() {
    return body;
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return Optional.empty();
  }

  @Override
  public URI uri() {
    return request.uri();
  }

  @Override
  public HttpClient.Version version() {
    return HttpClient.Version.HTTP_1_1;
  }

  @Override
  public String toString() {
    return "(" + request.method() + " " + request.uri() + ") " + status + " (synthetic)";
  }
}
