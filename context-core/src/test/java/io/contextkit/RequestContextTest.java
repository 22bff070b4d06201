package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestContextTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  @Test
  void emptyContextHasNoFieldsAndIsStandard() {
    RequestContext empty = RequestContext.empty();
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.requestType()).isEqualTo(RequestType.STANDARD);
    for (ContextField field : ContextField.values()) {
      assertThat(empty.get(field)).as(field.key()).isNull();
    }
  }

  @Test
  void currentIsEmptyOutsideAnyScope() {
    assertThat(RequestContext.current()).isSameAs(RequestContext.empty());
  }

  @Test
  void builderSetsEveryField() {
    RequestContext ctx =
        RequestContext.builder()
            .traceId(TRACE_ID)
            .parentId(PARENT_ID)
            .traceFlags((byte) 1)
            .traceState("congo=t61rcWkgMzE")
            .requestId("req-1")
            .userId("alice")
            .accountId("acme")
            .requestType(RequestType.TRACE)
            .tester(true)
            .license("enterprise")
            .build();

    assertThat(ctx.get(ContextField.TRACE_ID)).isEqualTo(TRACE_ID);
    assertThat(ctx.get(ContextField.PARENT_ID)).isEqualTo(PARENT_ID);
    assertThat(ctx.get(ContextField.REQUEST_ID)).isEqualTo("req-1");
    assertThat(ctx.get(ContextField.USER_ID)).isEqualTo("alice");
    assertThat(ctx.get(ContextField.ACCOUNT_ID)).isEqualTo("acme");
    assertThat(ctx.get(ContextField.REQUEST_TYPE)).isEqualTo("TRACE");
    assertThat(ctx.get(ContextField.TESTER)).isEqualTo("true");
    assertThat(ctx.get(ContextField.LICENSE)).isEqualTo("enterprise");
    assertThat(ctx.traceFlags()).isEqualTo((byte) 1);
    assertThat(ctx.traceState()).isEqualTo("congo=t61rcWkgMzE");
    assertThat(ctx.isTrace()).isTrue();
    assertThat(ctx.isEmpty()).isFalse();
  }

  @Test
  void rejectsInvalidValuesNamingTheFieldButNotTheValue() {
    assertThatThrownBy(() -> RequestContext.builder().traceId("00000000000000000000000000000000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid trace_id");
    assertThatThrownBy(() -> RequestContext.builder().traceId(TRACE_ID.toUpperCase()))
        .hasMessage("invalid trace_id");
    assertThatThrownBy(() -> RequestContext.builder().parentId("00f067aa0ba902b"))
        .hasMessage("invalid parent_id");
    assertThatThrownBy(() -> RequestContext.builder().userId("eve\nforged=1"))
        .hasMessage("invalid user_id");
    assertThatThrownBy(() -> RequestContext.builder().accountId(" acme"))
        .hasMessage("invalid account_id");
    assertThatThrownBy(() -> RequestContext.builder().requestId("a b"))
        .hasMessage("invalid request_id");
    assertThatThrownBy(() -> RequestContext.builder().license("gold plan"))
        .hasMessage("invalid license");
    assertThatThrownBy(() -> RequestContext.builder().traceState("a=b\r\n"))
        .hasMessage("invalid trace_state");
  }

  @Test
  void fieldValidationRejectsControlCharactersAndOverlongValuesEverywhere() {
    String[] hostile = {"a\u0000b", "a\tb", "a\u2028b", "a\u202eb", "\ud800", "a\u007fb"};
    for (ContextField field : ContextField.values()) {
      for (String value : hostile) {
        assertThat(field.isValid(value)).as(field + " " + value).isFalse();
      }
      assertThat(field.isValid("a".repeat(field.maxLength() + 1))).as(field.key()).isFalse();
      assertThat(field.isValid("")).isFalse();
      assertThat(field.isValid(null)).isFalse();
    }
  }

  @Test
  void userIdAcceptsUnicodeLettersAndEmoji() {
    assertThat(ContextField.USER_ID.isValid("zoë@example.com")).isTrue();
    assertThat(ContextField.USER_ID.isValid("用户-42")).isTrue();
    assertThat(ContextField.USER_ID.isValid("cat\ud83d\udc31")).isTrue();
    assertThat(ContextField.USER_ID.isValid("a".repeat(256))).isTrue();
  }

  @Test
  void forKeyFindsFieldsBySnakeCaseName() {
    for (ContextField field : ContextField.values()) {
      assertThat(ContextField.forKey(field.key())).isSameAs(field);
    }
    assertThat(ContextField.forKey("userId")).isNull();
  }

  @Test
  void privilegedFieldsAreExactlyIdentityAndPrivilege() {
    assertThat(ContextField.values())
        .filteredOn(ContextField::privileged)
        .containsExactlyInAnyOrder(
            ContextField.USER_ID,
            ContextField.ACCOUNT_ID,
            ContextField.REQUEST_TYPE,
            ContextField.TESTER,
            ContextField.LICENSE);
  }

  @Test
  void requestTypeParsesOnlyTheTwoNames() {
    assertThat(RequestType.parse("TRACE")).isEqualTo(RequestType.TRACE);
    assertThat(RequestType.parse("STANDARD")).isEqualTo(RequestType.STANDARD);
    assertThat(RequestType.parse(" trace ")).isNull();
    assertThat(RequestType.parse("trace")).isNull();
    assertThat(RequestType.parse("TRACE ")).isNull();
    assertThat(RequestType.parse("Standard")).isNull();
    assertThat(RequestType.parse("TRACE;x")).isNull();
    assertThat(RequestType.parse("TRACEX")).isNull();
    assertThat(RequestType.parse("")).isNull();
    assertThat(RequestType.parse(null)).isNull();
  }

  @Test
  void equalityIsByValueAndIgnoresTheJournal() {
    RequestContext a = RequestContext.builder().requestId("r").userId("u").build();
    RequestContext b = RequestContext.builder().requestId("r").userId("u").build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.sameRequestAs(b)).isFalse();
    assertThat(a).isNotEqualTo(a.toBuilder().userId("v").build());
  }

  @Test
  void derivedContextSharesTheRequestsJournal() {
    RequestContext ctx = RequestContext.builder().requestId("r").build();
    RequestContext derived = ctx.toBuilder().userId("alice").build();
    derived.recordFlagEvaluation(new FlagEvaluation("new-pricing", "on", "TARGETING_MATCH"));

    assertThat(derived.sameRequestAs(ctx)).isTrue();
    assertThat(ctx.flagEvaluations())
        .containsExactly(new FlagEvaluation("new-pricing", "on", "TARGETING_MATCH"));
    assertThat(ctx.flagsInEffect()).isEqualTo("new-pricing=on");
  }

  @Test
  void contextDerivedFromEmptyIsANewUnitOfWork() {
    RequestContext derived = RequestContext.empty().toBuilder().userId("alice").build();
    derived.recordFlagEvaluation(new FlagEvaluation("f", "on", "STATIC"));
    assertThat(derived.flagEvaluations()).hasSize(1);
    assertThat(RequestContext.empty().flagEvaluations()).isEmpty();
  }

  @Test
  void emptyContextRecordsNothing() {
    RequestContext.empty().recordFlagEvaluation(new FlagEvaluation("f", "on", "STATIC"));
    RequestContext.empty()
        .sideEffects()
        .record(new SideEffect(SideEffect.Kind.MESSAGE, "orders", "order-created"));
    assertThat(RequestContext.empty().flagEvaluations()).isEmpty();
    assertThat(RequestContext.empty().sideEffects().report().isEmpty()).isTrue();
  }

  @Test
  void toStringNamesFieldsInSnakeCase() {
    assertThat(RequestContext.builder().userId("alice").build().toString())
        .contains("user_id=alice");
  }
}
