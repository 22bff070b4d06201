package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class CacheTraceIT extends AbstractChannelsIT {

  private String shared(String id) throws Exception {
    return send(Mode.STANDARD, "GET", "/books/" + id + "/shared").body();
  }

  @Test
  void cacheFillIsSharedForStandardAndKeptInTheTraceRequest() throws Exception {
    assertThat(shared("fill-std")).isEqualTo("absent");
    String loaded = send(Mode.STANDARD, "GET", "/books/fill-std").body();
    assertThat(shared("fill-std")).isEqualTo(loaded);

    HttpResponse<String> trace = send(Mode.TRACE, "GET", "/books/fill-trace");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).startsWith("loaded-fill-trace-");
    assertThat(reportHeader(trace)).contains("cache=1").endsWith("violations=0");
    // @Cacheable (not sync) reads, loads, then puts.
    assertThat(loggedEffects()).contains("CACHE books").contains("put kept in the TRACE request");
    assertThat(shared("fill-trace")).isEqualTo("absent");
    // A TRACE request reads what is shared: a hit reports nothing.
    assertThat(send(Mode.TRACE, "GET", "/books/fill-std").body()).isEqualTo(loaded);
  }

  @Test
  void synchronizedCacheableLoadsIntoTheRequestOnlyUnderTrace() throws Exception {
    String loaded = send(Mode.STANDARD, "GET", "/books/sync-std/sync").body();
    assertThat(shared("sync-std")).isEqualTo(loaded);

    HttpResponse<String> trace = send(Mode.TRACE, "GET", "/books/sync-trace/sync");
    assertThat(trace.body()).startsWith("loaded-sync-trace-");
    assertThat(reportHeader(trace)).contains("cache=1");
    assertThat(loggedEffects()).contains("fill kept in the TRACE request");
    assertThat(shared("sync-trace")).isEqualTo("absent");
  }

  @Test
  void traceRequestReadsItsOwnPutOnEveryThreadButTheSharedCacheKeepsTheOldValue() throws Exception {
    assertThat(send(Mode.STANDARD, "POST", "/books/b1?title=Real").body()).isEqualTo("Real|Real");
    assertThat(shared("b1")).isEqualTo("Real");

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/books/b1?title=Dry");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).as("this thread and a pooled one").isEqualTo("Dry|Dry");
    assertThat(reportHeader(trace)).contains("cache=1");
    assertThat(shared("b1")).isEqualTo("Real");
    assertThat(send(Mode.TRACE, "GET", "/books/b1").body())
        .as("another TRACE request does not see it")
        .isEqualTo("Real");
  }

  @Test
  void evictionsAndClearsStayInTheTraceRequest() throws Exception {
    send(Mode.STANDARD, "POST", "/books/e1?title=Kept");
    send(Mode.STANDARD, "POST", "/books/e2?title=AlsoKept");

    HttpResponse<String> evict = send(Mode.TRACE, "POST", "/books/e1/forget");
    assertThat(evict.body()).as("evicted within the request: loaded again").startsWith("loaded-");
    assertThat(reportHeader(evict)).contains("cache=2"); // the eviction and the fill
    assertThat(shared("e1")).isEqualTo("Kept");

    HttpResponse<String> clear = send(Mode.TRACE, "POST", "/books/forget-all?id=e2");
    assertThat(clear.body()).startsWith("loaded-");
    assertThat(loggedEffects()).contains("clear kept in the TRACE request");
    assertThat(shared("e2")).isEqualTo("AlsoKept");

    // STANDARD evicts for real.
    send(Mode.STANDARD, "POST", "/books/e1/forget");
    assertThat(shared("e1")).startsWith("loaded-");
  }
}
