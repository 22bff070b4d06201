package io.contextkit.sample.inventory;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.w3c.Ids;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The headers another service of the deployment sends: the context written by ContextKit's own
 * propagator, signed with the application's configured key — or, for an outsider, unsigned.
 */
final class Contexts {

  private Contexts() {}

  static RequestContext context(String userId, String requestId) {
    return RequestContext.builder()
        .traceId(Ids.randomTraceId())
        .parentId(Ids.randomSpanId())
        .requestId(requestId)
        .userId(userId)
        .build();
  }

  static RequestContext traceContext(String userId, String requestId) {
    return context(userId, requestId).toBuilder().requestType(RequestType.TRACE).build();
  }

  /** The context's headers with a valid signature under the application's key {@code demo}. */
  static Map<String, String> signed(RequestContext context) {
    String key =
        ConfigProvider.getConfig()
            .getValue("quarkus.contextkit.trust.signing.keys.demo", String.class);
    ContextPropagator propagator =
        ContextPropagator.builder()
            .trustPolicy(
                TrustPolicy.builder()
                    .signingKeys(SigningKeys.of("demo", Base64.getDecoder().decode(key)))
                    .build())
            .build();
    return write(propagator, context);
  }

  /** The same headers without a signature, as any outside caller can send them. */
  static Map<String, String> unsigned(RequestContext context) {
    return write(ContextPropagator.defaults(), context);
  }

  private static Map<String, String> write(ContextPropagator propagator, RequestContext context) {
    Map<String, String> headers = new LinkedHashMap<>();
    propagator.inject(context, headers, Map::put, OutboundPolicy.FULL);
    return headers;
  }
}
