package io.contextkit.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.contextkit.ContextScope;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The evaluation context comes from the current request context; the caller's context wins. */
class RequestContextEvaluationTest {

  private static final String FLAGS =
      "{\"flags\":{"
          + "\"gate\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
          + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"and\":["
          + "{\"in\":[{\"var\":\"license\"},[\"PRO\",\"ENTERPRISE\"]]},"
          + "{\"==\":[{\"var\":\"tester\"},true]},"
          + "{\"==\":[{\"var\":\"request_type\"},\"TRACE\"]},"
          + "{\"==\":[{\"var\":\"account_id\"},\"acme\"]}]},\"on\",null]}},"
          + "\"key\":{\"state\":\"ENABLED\",\"variants\":{\"alice\":\"alice\",\"acme\":\"acme\","
          + "\"caller\":\"caller\"},\"targeting\":{\"var\":\"targetingKey\"}}"
          + "}}";

  private OpenFeatureAPI api;
  private Client client;
  private FlagDefinitions definitions;

  @BeforeEach
  void setUp() {
    definitions = FlagDefinitionsLoader.fromJson(FLAGS);
    api = OpenFeatureAPI.createIsolated();
    api.setProviderAndWait(new ContextKitFlagProvider(definitions));
    api.setTransactionContextPropagator(new RequestContextEvaluationContext());
    client = api.getClient();
  }

  @AfterEach
  void tearDown() {
    api.shutdown();
  }

  private static RequestContext request() {
    return RequestContext.builder()
        .userId("alice")
        .accountId("acme")
        .license("PRO")
        .tester(true)
        .requestType(RequestType.TRACE)
        .build();
  }

  @Test
  void targetsTheUserAccountLicenceTesterAndRequestTypeOfTheCurrentRequest() {
    try (ContextScope scope = request().makeCurrent()) {
      assertThat(client.getBooleanValue("gate", false)).isTrue();
      assertThat(client.getStringValue("key", "x")).isEqualTo("alice");
    }
    assertThat(client.getBooleanValue("gate", false)).isFalse();
    assertThat(client.getStringDetails("key", "x").getReason()).isEqualTo("DEFAULT");
  }

  @Test
  void fallsBackToTheAccountWhenThereIsNoUser() {
    try (ContextScope scope = RequestContext.builder().accountId("acme").build().makeCurrent()) {
      assertThat(client.getStringValue("key", "x")).isEqualTo("acme");
    }
  }

  @Test
  void letsTheCallersContextWinOverTheRequestContext() {
    try (ContextScope scope = request().makeCurrent()) {
      EvaluationContext callers =
          new ImmutableContext("caller", Map.of("license", new Value("FREE")));
      assertThat(client.getStringValue("key", "x", callers)).isEqualTo("caller");
      assertThat(client.getBooleanValue("gate", false, callers)).isFalse();
    }
  }

  @Test
  void buildsTheEvaluationContextFromTheRequestFields() {
    EvaluationContext ctx = RequestContextEvaluationContext.from(request());
    assertThat(ctx.getTargetingKey()).isEqualTo("alice");
    assertThat(ctx.asObjectMap())
        .containsEntry("user_id", "alice")
        .containsEntry("account_id", "acme")
        .containsEntry("license", "PRO")
        .containsEntry("tester", true)
        .containsEntry("request_type", "TRACE");
    EvaluationContext empty = RequestContextEvaluationContext.from(RequestContext.empty());
    assertThat(empty.getTargetingKey()).isNull();
    assertThat(empty.asObjectMap())
        .containsEntry("tester", false)
        .containsEntry("request_type", "STANDARD")
        .doesNotContainKeys("user_id", "license");
  }

  @Test
  void readsTheSameAttributesOnTheDirectPath() {
    FlagContext direct = RequestContextFlagContext.of(request());
    assertThat(definitions.evaluate("gate", direct).value()).isEqualTo(true);
    assertThat(definitions.evaluate("key", direct).value()).isEqualTo("alice");
    try (ContextScope scope = request().makeCurrent()) {
      assertThat(definitions.evaluate("gate", RequestContextFlagContext.current()).value())
          .isEqualTo(true);
    }
    assertThat(definitions.evaluate("gate", RequestContextFlagContext.current()).value())
        .isEqualTo(false);
  }
}
