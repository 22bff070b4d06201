package io.contextkit.benchmarks.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives {@code POST /quotes} of one running application with a fixed number of concurrent
 * keep-alive connections, one thread each, closed loop (each connection sends its next request when
 * the previous answer is read). A window is bounded in time and in request count, whichever ends
 * first. Every request carries the same headers in every variant: {@code traceparent}, {@code
 * baggage} with {@code user_id, account_id, request_id, request_type} and {@code X-Request-Id},
 * each request with its own trace and request id.
 */
final class QuoteLoad {

  /** What one window measured. */
  record Window(long requests, long errors, long elapsedNanos, long latencyNanos) {

    double requestsPerSecond() {
      return requests * 1e9 / elapsedNanos;
    }

    double meanLatencyMillis() {
      return requests == 0 ? 0 : latencyNanos / 1e6 / requests;
    }
  }

  private static final String[] REGIONS = {"EU", "UK", "US"};

  private final int port;
  private final int connections;
  private final boolean trace;
  private final AtomicLong sequence = new AtomicLong();

  QuoteLoad(int port, int connections) {
    this(port, connections, false);
  }

  /**
   * A load whose requests say {@code request_type=TRACE} instead of {@code STANDARD} when {@code
   * trace}, nothing else different; every TRACE answer must then carry {@code Trace-Applied}.
   */
  QuoteLoad(int port, int connections, boolean trace) {
    this.port = port;
    this.connections = connections;
    this.trace = trace;
  }

  /** One request, with ids derived from {@code n} so that every request has its own. */
  byte[] request(long n) {
    String traceId = hex(0x4bf92f3577b34da6L ^ n, 16) + hex(n * 0x9E3779B97F4A7C15L, 16);
    String spanId = hex(n * 0xC2B2AE3D27D4EB4FL | 1L, 16);
    String requestId = "req-" + hex(n * 0x165667B19E3779F9L, 16);
    String body =
        "{\"sku\":\"SKU-"
            + pad4((int) (n % 1000))
            + "\",\"quantity\":"
            + (1 + n % 120)
            + ",\"region\":\""
            + REGIONS[(int) (n % REGIONS.length)]
            + "\"}";
    String head =
        "POST /quotes HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
            + "traceparent: 00-"
            + traceId
            + "-"
            + spanId
            + "-01\r\nbaggage: user_id=user-"
            + pad4((int) (n % 50))
            + ",account_id=acct-"
            + pad4((int) (n % 7))
            + ",request_id="
            + requestId
            + (trace
                ? ",request_type=TRACE\r\nX-Request-Id: "
                : ",request_type=STANDARD\r\nX-Request-Id: ")
            + requestId
            + "\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Whether {@code response} is a priced quote. */
  static boolean isQuote(LoopbackConnection.Response response) {
    return response.status() == 200 && response.bodyText().contains("\"totalCents\"");
  }

  /** Runs one window: {@code seconds} long at most, {@code maxRequests} requests at most. */
  Window run(double seconds, long maxRequests) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong issued = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong latency = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long begin = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      Thread thread =
          new Thread(
              () -> {
                long myLatency = 0;
                try (LoopbackConnection connection =
                    new LoopbackConnection("127.0.0.1", port, 30_000)) {
                  while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
                    byte[] request = request(sequence.incrementAndGet());
                    long sent = System.nanoTime();
                    try {
                      LoopbackConnection.Response response = connection.exchange(request);
                      if (!isQuote(response)
                          || (trace && response.header("Trace-Applied") == null)) {
                        errors.incrementAndGet();
                      }
                    } catch (IOException | RuntimeException e) {
                      errors.incrementAndGet();
                    }
                    myLatency += System.nanoTime() - sent;
                    done.incrementAndGet();
                  }
                }
                latency.addAndGet(myLatency);
              },
              "load-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long elapsed = System.nanoTime() - begin;
    return new Window(done.get(), errors.get(), elapsed, latency.get());
  }

  private static String hex(long value, int digits) {
    String s = Long.toHexString(value);
    if (s.length() >= digits) {
      return s.substring(s.length() - digits);
    }
    return "0000000000000000".substring(0, digits - s.length()) + s;
  }

  private static String pad4(int value) {
    String digits = Integer.toString(value);
    return "0000".substring(digits.length()) + digits;
  }
}
