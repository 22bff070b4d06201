package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextKit;
import io.contextkit.dependencies.DependencyDirection;
import io.contextkit.dependencies.DependencyEdge;
import io.contextkit.dependencies.DependencyKind;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Mail and Spring Cache in the runtime dependency map, through real requests: mail to a real SMTP
 * server (GreenMail), a real cache (Boot's simple cache manager). STANDARD sends and cache
 * operations are counted as calls, timed; a TRACE send captured and a TRACE cache write kept in the
 * request's overlay are TRACE calls flagged synthetic. The counters are read before and after,
 * since the context (and the process-wide map) is shared with the other channel tests.
 */
class MailAndCacheDependenciesIT extends AbstractChannelsIT {

  private static DependencyEdge mailEdge() {
    return ContextKit.dependencies()
        .edge(
            DependencyKind.MAIL,
            DependencyDirection.CALLED,
            "127.0.0.1:" + SMTP.getSmtp().getPort());
  }

  private static DependencyEdge booksEdge() {
    return ContextKit.dependencies()
        .edge(DependencyKind.CACHE, DependencyDirection.CALLED, "books");
  }

  private record Counts(long calls, long errors, long trace, long synthetic) {
    static Counts of(DependencyEdge edge) {
      return new Counts(edge.calls(), edge.errors(), edge.traceCalls(), edge.syntheticCalls());
    }

    Counts minus(Counts before) {
      return new Counts(
          calls - before.calls,
          errors - before.errors,
          trace - before.trace,
          synthetic - before.synthetic);
    }
  }

  @Test
  void mailSendsAreCountedOnTheServerWithCapturedTraceSendsSynthetic() throws Exception {
    int delivered = SMTP.getReceivedMessages().length;
    Counts start = Counts.of(mailEdge());

    assertThat(send(Mode.STANDARD, "POST", "/mail/simple?to=ann@customers.test").statusCode())
        .isEqualTo(200);
    assertThat(SMTP.waitForIncomingEmail(5000, delivered + 1)).isTrue();
    Counts standard = Counts.of(mailEdge()).minus(start);
    // Counted, not as TRACE, and timed.
    assertThat(standard).isEqualTo(new Counts(1, 0, 0, 0));
    assertThat(mailEdge().latencyMicros(0.5)).isPositive();

    Counts beforeTrace = Counts.of(mailEdge());
    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/mail/simple?to=bob@customers.test");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(Counts.of(mailEdge()).minus(beforeTrace)).isEqualTo(new Counts(1, 0, 1, 1));
    assertThat(SMTP.waitForIncomingEmail(500, delivered + 2)).isFalse();

    // A bad address fails alike for both: an error each, the TRACE one not synthetic.
    Counts beforeBad = Counts.of(mailEdge());
    assertThat(send(Mode.STANDARD, "POST", "/mail/simple?to=a@@b@").statusCode()).isEqualTo(500);
    assertThat(send(Mode.TRACE, "POST", "/mail/simple?to=a@@b@").statusCode()).isEqualTo(500);
    assertThat(Counts.of(mailEdge()).minus(beforeBad)).isEqualTo(new Counts(2, 2, 1, 0));

    // A request that sends no mail leaves the mail edge alone.
    Counts beforeOther = Counts.of(mailEdge());
    send(Mode.STANDARD, "GET", "/books/deps-no-mail");
    send(Mode.TRACE, "GET", "/books/deps-no-mail");
    assertThat(Counts.of(mailEdge())).isEqualTo(beforeOther);
  }

  @Test
  void cacheOperationsAreCountedPerCacheWithTraceWritesSynthetic() throws Exception {
    Counts start = Counts.of(booksEdge());
    // A miss: the lookup, then the fill.
    assertThat(send(Mode.STANDARD, "GET", "/books/deps-std").statusCode()).isEqualTo(200);
    Counts standard = Counts.of(booksEdge()).minus(start);
    assertThat(standard.calls()).isGreaterThanOrEqualTo(2);
    assertThat(standard.trace()).isZero();
    assertThat(standard.synthetic()).isZero();
    assertThat(booksEdge().latencyMicros(0.5)).isPositive();

    Counts beforeTrace = Counts.of(booksEdge());
    assertThat(send(Mode.TRACE, "GET", "/books/deps-trace").statusCode()).isEqualTo(200);
    Counts trace = Counts.of(booksEdge()).minus(beforeTrace);
    // Every operation of the TRACE request is a TRACE call; only its fill stayed in the overlay.
    assertThat(trace.calls()).isGreaterThanOrEqualTo(2);
    assertThat(trace.trace()).isEqualTo(trace.calls());
    assertThat(trace.synthetic()).isEqualTo(1);
    assertThat(send(Mode.STANDARD, "GET", "/books/deps-trace/shared").body()).isEqualTo("absent");

    // A TRACE eviction never reaches the shared cache: synthetic too.
    Counts beforeEvict = Counts.of(booksEdge());
    send(Mode.TRACE, "POST", "/books/deps-std/forget");
    Counts evict = Counts.of(booksEdge()).minus(beforeEvict);
    assertThat(evict.synthetic()).isGreaterThanOrEqualTo(1);
    assertThat(evict.trace()).isEqualTo(evict.calls());
    assertThat(send(Mode.STANDARD, "GET", "/books/deps-std/shared").body()).isNotEqualTo("absent");

    // A request that uses no cache leaves the cache edge alone.
    Counts beforeOther = Counts.of(booksEdge());
    send(Mode.TRACE, "POST", "/mail/simple?to=carl@customers.test");
    assertThat(Counts.of(booksEdge())).isEqualTo(beforeOther);
  }
}
