package io.contextkit.spring.autoconfigure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.RequestContext;
import io.contextkit.TraceActivation;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import io.contextkit.w3c.HeaderGetter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActiveSpansTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static final HeaderGetter<Map<String, String>> GETTER =
      new HeaderGetter<>() {
        @Override
        public @Nullable String get(Map<String, String> carrier, String name) {
          return carrier.get(name);
        }

        @Override
        public Iterator<String> getAll(Map<String, String> carrier, String name) {
          String value = carrier.get(name);
          return value == null
              ? Collections.emptyIterator()
              : Collections.singletonList(value).iterator();
        }
      };

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final Tracer tracer = provider.get("test");

  private final ContextPropagator propagator =
      ContextPropagator.builder()
          .trustPolicy(
              TrustPolicy.builder()
                  .trustedPeers(TrustedPeers.builder().address("127.0.0.1").build())
                  .build())
          .build();

  @AfterEach
  void close() {
    provider.close();
  }

  private InboundContext trustedInbound(Map<String, String> headers) {
    return propagator.extract(headers, GETTER, InboundPeer.ofAddress("127.0.0.1"));
  }

  @Test
  void keepsTheContextWhenNoSpanIsCurrent() {
    InboundContext inbound = trustedInbound(Map.of("x-request-id", "r-1"));

    assertThat(ActiveSpans.adopt(inbound)).isSameAs(inbound);
  }

  @Test
  void takesTraceAndSpanIdOfTheCurrentSpanAndKeepsTheRequest() {
    InboundContext inbound =
        trustedInbound(Map.of("x-request-id", "r-2", "baggage", "user_id=u-2,request_type=TRACE"));
    Span server = tracer.spanBuilder("server").setNoParent().startSpan();

    InboundContext adopted;
    try (Scope scope = server.makeCurrent()) {
      adopted = ActiveSpans.adopt(inbound);
    } finally {
      server.end();
    }

    RequestContext context = adopted.context();
    assertThat(context.traceId()).isEqualTo(server.getSpanContext().getTraceId());
    assertThat(context.parentId()).isEqualTo(server.getSpanContext().getSpanId());
    assertThat(context.traceFlags()).isEqualTo(server.getSpanContext().getTraceFlags().asByte());
    assertThat(context.requestId()).isEqualTo("r-2");
    assertThat(context.userId()).isEqualTo("u-2");
    assertThat(context.isTrace()).isTrue();
    assertThat(context.sameRequestAs(inbound.context())).isTrue();
    assertThat(adopted.trust()).isEqualTo(inbound.trust());
    assertThat(adopted.traceActivation()).isEqualTo(TraceActivation.ACCEPTED);
  }

  @Test
  void keepsTheCallersTracestateWhenTheSpanContinuesItsTrace() {
    InboundContext inbound =
        trustedInbound(
            Map.of(
                "traceparent",
                "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
                "tracestate",
                "vendor=abc"));
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
    Span server =
        tracer.spanBuilder("server").setParent(Context.root().with(Span.wrap(remote))).startSpan();

    InboundContext adopted;
    try (Scope scope = server.makeCurrent()) {
      adopted = ActiveSpans.adopt(inbound);
    } finally {
      server.end();
    }

    assertThat(adopted.context().traceId()).isEqualTo(TRACE_ID);
    assertThat(adopted.context().parentId()).isEqualTo(server.getSpanContext().getSpanId());
    assertThat(adopted.context().traceState()).isEqualTo("vendor=abc");
  }

  @Test
  void annotateWritesTheContextFieldsButNotTheTraceIds() {
    RequestContext context =
        RequestContext.builder()
            .traceId(TRACE_ID)
            .parentId("00f067aa0ba902b7")
            .requestId("r-3")
            .userId("alice")
            .accountId("acme")
            .tester(true)
            .license("gold")
            .build();
    Span server = tracer.spanBuilder("server").startSpan();

    ActiveSpans.annotate(server, context);
    server.end();

    SpanData data = spans.getFinishedSpanItems().get(0);
    assertThat(data.getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("request_id"), "r-3")
        .containsEntry(AttributeKey.stringKey("user_id"), "alice")
        .containsEntry(AttributeKey.stringKey("account_id"), "acme")
        .containsEntry(AttributeKey.stringKey("tester"), "true")
        .containsEntry(AttributeKey.stringKey("license"), "gold")
        .containsEntry(AttributeKey.stringKey("request_type"), "STANDARD")
        .doesNotContainKey(AttributeKey.stringKey("trace_id"))
        .doesNotContainKey(AttributeKey.stringKey("parent_id"));
  }

  @Test
  void annotateLeavesAnEndedSpanAlone() {
    Span server = tracer.spanBuilder("server").startSpan();
    server.end();

    ActiveSpans.annotate(server, RequestContext.builder().userId("late").build());

    assertThat(spans.getFinishedSpanItems().get(0).getAttributes().asMap()).isEmpty();
  }
}
