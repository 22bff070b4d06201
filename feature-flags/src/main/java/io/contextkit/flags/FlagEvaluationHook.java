package io.contextkit.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.HookContext;
import dev.openfeature.sdk.ImmutableMetadata;
import io.contextkit.FlagEvaluation;
import io.contextkit.RequestContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenFeature hook that records every evaluation, whatever the provider:
 *
 * <ul>
 *   <li>on the current {@link RequestContext} as a {@link FlagEvaluation} (key, variant, reason) —
 *       the request's journal keeps the latest per key and is bounded, and the log projection
 *       writes the flags in effect;
 *   <li>as an OpenTelemetry {@value #EVENT_NAME} event on the current span, with the semantic
 *       convention attributes {@code feature_flag.key}, {@code feature_flag.provider.name}, {@code
 *       feature_flag.result.variant}, {@code feature_flag.result.reason} (lower case), {@code
 *       feature_flag.context.id}, {@code feature_flag.set.id}, {@code feature_flag.version} and, on
 *       error, {@code error.type} and {@code error.message}. The flag value is not recorded: values
 *       can be sensitive, and the variant names it.
 * </ul>
 *
 * <p>Register it once, e.g. {@code api.addHooks(new FlagEvaluationHook())}. It runs in the {@code
 * finally} stage, so errors are recorded too, and it never throws.
 */
public final class FlagEvaluationHook implements Hook<Object> {

  /** The OpenTelemetry event name. */
  public static final String EVENT_NAME = "feature_flag.evaluation";

  static final AttributeKey<String> KEY = AttributeKey.stringKey("feature_flag.key");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("feature_flag.provider.name");
  static final AttributeKey<String> VARIANT = AttributeKey.stringKey("feature_flag.result.variant");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("feature_flag.result.reason");
  static final AttributeKey<String> CONTEXT_ID = AttributeKey.stringKey("feature_flag.context.id");
  static final AttributeKey<String> SET_ID = AttributeKey.stringKey("feature_flag.set.id");
  static final AttributeKey<String> VERSION = AttributeKey.stringKey("feature_flag.version");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> ERROR_MESSAGE = AttributeKey.stringKey("error.message");

  private static final Logger LOG = LoggerFactory.getLogger(FlagEvaluationHook.class);

  @Override
  public void finallyAfter(
      HookContext<Object> ctx, FlagEvaluationDetails<Object> details, Map<String, Object> hints) {
    try {
      record(ctx, details);
    } catch (RuntimeException e) {
      // A hook must never break an evaluation; losing one record is the lesser harm.
      LOG.debug("Could not record the evaluation of flag {}", details.getFlagKey(), e);
    }
  }

  private static void record(HookContext<?> ctx, FlagEvaluationDetails<?> details) {
    String reason = details.getReason() == null ? "UNKNOWN" : details.getReason();
    RequestContext.current()
        .recordFlagEvaluation(
            new FlagEvaluation(details.getFlagKey(), details.getVariant(), reason));
    Span span = Span.current();
    if (!span.isRecording()) {
      return;
    }
    AttributesBuilder a = Attributes.builder().put(KEY, details.getFlagKey());
    if (ctx.getProviderMetadata() != null && ctx.getProviderMetadata().getName() != null) {
      a.put(PROVIDER, ctx.getProviderMetadata().getName());
    }
    if (details.getVariant() != null) {
      a.put(VARIANT, details.getVariant());
    }
    a.put(REASON, reason.toLowerCase(Locale.ROOT));
    ImmutableMetadata metadata = details.getFlagMetadata();
    String contextId = metadata == null ? null : metadataString(metadata, "contextId");
    if (contextId == null && ctx.getCtx() != null) {
      contextId = ctx.getCtx().getTargetingKey();
    }
    if (contextId != null && !contextId.isEmpty()) {
      a.put(CONTEXT_ID, contextId);
    }
    if (metadata != null) {
      putIfPresent(a, SET_ID, metadataString(metadata, "flagSetId"));
      putIfPresent(a, VERSION, metadataString(metadata, "version"));
    }
    ErrorCode error = details.getErrorCode();
    if (error != null) {
      a.put(ERROR_TYPE, error.name().toLowerCase(Locale.ROOT));
      if (details.getErrorMessage() != null) {
        a.put(ERROR_MESSAGE, details.getErrorMessage());
      }
    }
    span.addEvent(EVENT_NAME, a.build());
  }

  private static @Nullable String metadataString(ImmutableMetadata metadata, String key) {
    Object v = metadata.asUnmodifiableMap().get(key);
    return v == null ? null : v.toString();
  }

  private static void putIfPresent(
      AttributesBuilder a, AttributeKey<String> key, @Nullable String value) {
    if (value != null) {
      a.put(key, value);
    }
  }
}
