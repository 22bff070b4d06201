package io.contextkit.spring.autoconfigure.webflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.SideEffect;
import io.contextkit.noop.TraceReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class TraceHeldResponseTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final MockServerHttpResponse raw = new MockServerHttpResponse();

  private static DataBuffer text(String s) {
    return DefaultDataBufferFactory.sharedInstance.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static RequestContext trace() {
    return RequestContext.builder().requestId("r-1").requestType(RequestType.TRACE).build();
  }

  private String body() {
    return raw.getBodyAsString().block(WAIT);
  }

  @Test
  void streamedBodyIsHeldUntilReleaseThenWrittenWithTheTraceHeaders() {
    TraceHeldResponse held = new TraceHeldResponse(raw, false);
    held.trace(trace());
    held.writeAndFlushWith(Flux.just(Mono.just(text("a")), Flux.just(text("b"), text("c"))))
        .then(held.setComplete())
        .block(WAIT);
    assertThat(raw.isCommitted()).isFalse();
    assertThat(held.isCommitted()).isFalse();

    held.release().block(WAIT);
    assertThat(raw.isCommitted()).isTrue();
    assertThat(body()).isEqualTo("abc");
    assertThat(raw.getHeaders().getFirst(TraceReport.TRACE_APPLIED_HEADER))
        .isEqualTo(TraceReport.TRACE_APPLIED_VALUE);
    assertThat(raw.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
    assertThat(raw.getHeaders().getFirst(TraceReport.SUMMARY_HEADER)).startsWith("committed=false");
    assertThat(raw.getHeaders().getContentLength()).isEqualTo(3);
  }

  @Test
  void redirectKeepsItsStatusAndGetsTheHeaders() {
    TraceHeldResponse held = new TraceHeldResponse(raw, false);
    held.trace(trace());
    held.setStatusCode(HttpStatus.SEE_OTHER);
    held.getHeaders().set("Location", "/items/1");
    held.setComplete().then(held.release()).block(WAIT);
    assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.SEE_OTHER);
    assertThat(raw.getHeaders().getFirst("Location")).isEqualTo("/items/1");
    assertThat(raw.getHeaders().getFirst(TraceReport.TRACE_APPLIED_HEADER)).isNotNull();
  }

  @Test
  void violationTurnsASuccessInto500AndDropsTheHeldBody() {
    RequestContext trace = trace();
    trace.sideEffects().record(new SideEffect(SideEffect.Kind.VIOLATION, "db", "commit"));
    TraceHeldResponse held = new TraceHeldResponse(raw, false);
    held.trace(trace);
    held.getHeaders().set("Content-Type", "application/json");
    held.writeWith(Flux.just(text("{\"ok\":true}"))).then(held.release()).block(WAIT);
    assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(body())
        .isEqualTo("TRACE request: a side effect reached a backstop, see Trace-Report");
    assertThat(raw.getHeaders().getContentType().toString()).startsWith("text/plain");
  }

  @Test
  void failedRollbackTurnsEvenA4xxInto500() {
    RequestContext trace = trace();
    trace.sideEffects().record(TraceReport.rollbackFailed("db", "connection lost"));
    TraceHeldResponse held = new TraceHeldResponse(raw, false);
    held.trace(trace);
    held.setStatusCode(HttpStatus.NOT_FOUND);
    held.release().block(WAIT);
    assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(raw.getHeaders().getFirst(TraceReport.SUMMARY_HEADER))
        .startsWith("committed=unknown");
    assertThat(body()).contains("committed=unknown");
  }

  @Test
  void violationOnAHeadRequestGivesA500WithoutBody() {
    RequestContext trace = trace();
    trace.sideEffects().record(new SideEffect(SideEffect.Kind.VIOLATION, "db", "commit"));
    TraceHeldResponse held = new TraceHeldResponse(raw, true);
    held.trace(trace);
    held.release().block(WAIT);
    assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(body()).isEmpty();
  }

  @Test
  void responseNeverMarkedTraceIsWrittenAsItWas() {
    TraceHeldResponse held = new TraceHeldResponse(raw, false);
    held.setStatusCode(HttpStatus.FORBIDDEN);
    held.writeWith(Mono.just(text("TRACE not permitted"))).then(held.release()).block(WAIT);
    assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(body()).isEqualTo("TRACE not permitted");
    assertThat(raw.getHeaders().getFirst(TraceReport.TRACE_APPLIED_HEADER)).isNull();
  }

  @Test
  void bodyThatFailsWhileWrittenIsNotSentSoTheErrorHandlerAnswersCleanly() {
    TraceHeldResponse held = new TraceHeldResponse(raw, false);
    held.trace(trace());
    Throwable failure =
        held.writeWith(
                Flux.just(text("partial"))
                    .concatWith(Mono.error(new IllegalStateException("late"))))
            .then()
            .onErrorResume(e -> Mono.empty())
            .then(Mono.fromSupplier(() -> (Throwable) null))
            .block(WAIT);
    assertThat(failure).isNull();
    held.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
    held.writeWith(Mono.just(text("error page"))).then(held.release()).block(WAIT);
    assertThat(body()).isEqualTo("error page");
    assertThat(raw.getHeaders().getFirst(TraceReport.TRACE_APPLIED_HEADER)).isNotNull();
  }
}
