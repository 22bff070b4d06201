package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextField;
import io.contextkit.FlagEvaluation;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC projection on its own, field by field, against the real logback MDC. */
class MdcProjectionTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private final MdcProjection projection = new MdcProjection();

  private final RequestContext full =
      RequestContext.builder()
          .traceId(TRACE)
          .parentId(SPAN)
          .requestId("req-1")
          .userId("alice")
          .accountId("acme")
          .requestType(RequestType.TRACE)
          .tester(true)
          .license("gold")
          .build();

  @BeforeEach
  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void writesEveryFieldOfTheNextContextUnderItsKey() {
    projection.project(full, RequestContext.empty());

    assertThat(ours())
        .containsExactly(
            Map.entry("trace_id", TRACE),
            Map.entry("parent_id", SPAN),
            Map.entry("request_id", "req-1"),
            Map.entry("user_id", "alice"),
            Map.entry("account_id", "acme"),
            Map.entry("request_type", "TRACE"),
            Map.entry("tester", "true"),
            Map.entry("license", "gold"));
  }

  @Test
  void removesEveryKeyWhenGoingBackToTheEmptyContextAndLeavesOthersAlone() {
    MDC.put("unrelated", "kept");
    projection.project(full, RequestContext.empty());

    projection.project(RequestContext.empty(), full);

    assertThat(ours()).isEmpty();
    assertThat(MDC.get("unrelated")).isEqualTo("kept");
  }

  @Test
  void clearReportsAndRemovesOnlyOurLeftoverKeys() {
    MDC.put("unrelated", "kept");
    assertThat(projection.clear()).isFalse();

    MDC.put("license", "gold");
    MDC.put(MdcProjection.FLAGS_KEY, "dark-mode=on");
    assertThat(projection.clear()).isTrue();

    assertThat(ours()).isEmpty();
    assertThat(MDC.get(MdcProjection.FLAGS_KEY)).isNull();
    assertThat(MDC.get("unrelated")).isEqualTo("kept");
    assertThat(projection.clear()).isFalse();
  }

  @Test
  void changesOnlyWhatDiffersAndRemovesFieldsTheNextContextLacks() {
    projection.project(full, RequestContext.empty());
    RequestContext changed =
        full.toBuilder().userId("bob").tester(false).license(null).parentId(null).build();
    // Marks a key the projection must not touch when it is in sync and the value is unchanged.
    MDC.put("account_id", "acme-marker");

    projection.project(changed, full);

    assertThat(ours())
        .containsEntry("user_id", "bob")
        .containsEntry("account_id", "acme-marker")
        .containsEntry("request_type", "TRACE")
        .doesNotContainKeys("tester", "license", "parent_id");
  }

  @Test
  void rewritesEveryKeyWhenTheMdcNoLongerReflectsThePreviousContext() {
    projection.project(full, RequestContext.empty());
    MDC.clear();
    RequestContext standard = full.toBuilder().requestType(RequestType.STANDARD).build();

    projection.project(standard, full);

    assertThat(ours())
        .containsEntry("user_id", "alice")
        .containsEntry("request_type", "STANDARD")
        .containsEntry("tester", "true")
        .hasSize(8);
  }

  @Test
  void rewritesTheTraceIdsWhenASameRequestContextWithAnotherTraceTakesOverAndRestoresThem() {
    String serverTrace = "0af7651916cd43dd8448eb211c80319c";
    String serverSpan = "b7ad6b7169203331";
    RequestContext ownTrace = full;
    RequestContext spanTrace = full.toBuilder().traceId(serverTrace).parentId(serverSpan).build();
    projection.project(ownTrace, RequestContext.empty());

    projection.project(spanTrace, ownTrace);
    assertThat(ours())
        .containsEntry("trace_id", serverTrace)
        .containsEntry("parent_id", serverSpan)
        .containsEntry("request_id", "req-1");

    projection.project(ownTrace, spanTrace);
    assertThat(ours())
        .containsEntry("trace_id", TRACE)
        .containsEntry("parent_id", SPAN)
        .containsEntry("request_id", "req-1");
  }

  @Test
  void rewritesEveryKeyWhenPreviousIsASameRequestContextThatWasNeverProjected() {
    // The MDC holds one context of req-1; the caller believes it holds another of the same request.
    RequestContext projected = full;
    RequestContext believed = full.toBuilder().traceId("0af7651916cd43dd8448eb211c80319c").build();
    projection.project(projected, RequestContext.empty());

    // next equals the believed previous field by field, so a diff against it writes nothing.
    projection.project(believed.toBuilder().build(), believed);

    assertThat(MDC.get("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void rewritesEveryKeyWhenTheTraceIdWasOverwrittenBehindItsBack() {
    projection.project(full, RequestContext.empty());
    MDC.put("trace_id", "ffffffffffffffffffffffffffffffff");
    MDC.put("account_id", "acme-marker");

    projection.project(full.toBuilder().userId("bob").build(), full);

    assertThat(ours())
        .containsEntry("trace_id", TRACE)
        .containsEntry("account_id", "acme")
        .containsEntry("user_id", "bob");
  }

  @Test
  void diffsAgainstTheContextItProjectedLastOnThisThreadOnly() throws InterruptedException {
    projection.project(full, RequestContext.empty());
    RequestContext other = full.toBuilder().traceId("0af7651916cd43dd8448eb211c80319c").build();
    Thread elsewhere = new Thread(() -> projection.project(other, RequestContext.empty()));
    elsewhere.start();
    elsewhere.join();
    MDC.put("account_id", "acme-marker");

    projection.project(full.toBuilder().userId("bob").build(), full);

    // Still in sync on this thread: the unchanged account id is left alone.
    assertThat(ours()).containsEntry("account_id", "acme-marker").containsEntry("user_id", "bob");
  }

  @Test
  void requestTypeIsAbsentForTheEmptyContextOnly() {
    RequestContext onlyStandard = RequestContext.builder().userId("carol").build();

    projection.project(onlyStandard, RequestContext.empty());

    assertThat(ours())
        .containsOnly(Map.entry("user_id", "carol"), Map.entry("request_type", "STANDARD"));
  }

  @Test
  void writesTheFlagsInEffectAndRemovesThemWhenTheNextContextHasNone() {
    RequestContext flagged = RequestContext.builder().requestId("req-f").build();
    flagged.recordFlagEvaluation(new FlagEvaluation("new-checkout", "on", "TARGETING_MATCH"));

    projection.project(flagged, RequestContext.empty());
    assertThat(MDC.get(MdcProjection.FLAGS_KEY)).isEqualTo("new-checkout=on");

    projection.project(RequestContext.builder().requestId("req-g").build(), flagged);
    assertThat(MDC.get(MdcProjection.FLAGS_KEY)).isNull();
    assertThat(MDC.get("request_id")).isEqualTo("req-g");
  }

  private static Map<String, String> ours() {
    Map<String, String> present = new LinkedHashMap<>();
    for (ContextField field : ContextField.values()) {
      String value = MDC.get(field.key());
      if (value != null) {
        present.put(field.key(), value);
      }
    }
    if (MDC.get(MdcProjection.FLAGS_KEY) != null) {
      present.put(MdcProjection.FLAGS_KEY, MDC.get(MdcProjection.FLAGS_KEY));
    }
    return present;
  }
}
