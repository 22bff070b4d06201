package io.contextkit.noop;

import io.contextkit.ContextKit;
import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.SideEffect;
import io.contextkit.trust.InternalHosts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides, per destination, what an outbound HTTP call does under a TRACE request. Framework
 * neutral: HTTP client adapters (the JDK {@link TraceGuardHttpClient} here; RestClient, WebClient,
 * REST client filters in the framework modules) ask it before sending and after receiving.
 *
 * <ul>
 *   <li>STANDARD (or no request): {@link Action#PROCEED}, untouched.
 *   <li>TRACE to an internal host (inside the trust boundary of the {@link ContextPropagator}'s
 *       policy): {@link Action#SEND_AS_TRACE} — send with the full context, so the callee's baggage
 *       says {@code request_type=TRACE}, and {@linkplain #checkAcknowledged require} the response
 *       header {@code Trace-Applied: request_type=TRACE}. Reported as an {@code HTTP_CALL}.
 *   <li>TRACE to a third party configured safe ({@link Builder#safeThirdParties}): {@link
 *       Action#CALL_SAFE_THIRD_PARTY} — called for real, without the context (no baggage).
 *   <li>TRACE to any other third party: {@link Action#SUPPRESS} — not called; the client gets the
 *       {@linkplain Builder#syntheticResponse configured synthetic response} for that host (first
 *       matching pattern), else {@link SyntheticResponse#accepted()}. Reported as an {@code
 *       HTTP_CALL}.
 * </ul>
 *
 * <p>Host patterns have the syntax of {@link InternalHosts} (exact names, {@code *.suffix}, IP
 * literals and CIDR blocks, each with an optional {@code :port}). Reports never contain query
 * strings, which may carry secrets. Immutable and thread-safe.
 *
 * <pre>{@code
 * OutboundTraceGuard guard = OutboundTraceGuard.builder(propagator)
 *     .safeThirdParties("maps.example.com")
 *     .syntheticResponse("api.payments.example", SyntheticResponse.of(200, "application/json",
 *         "{\"id\":\"ch_trace\"}".getBytes(UTF_8)))
 *     .build();
 * HttpClient client = TraceGuardHttpClient.wrap(HttpClient.newHttpClient(), guard);
 * }</pre>
 */
public final class OutboundTraceGuard {

  /** What an outbound call does. */
  public enum Action {
    /** Not a TRACE request: send unchanged. */
    PROCEED,
    /** Internal host under TRACE: send with the context, require the acknowledgement. */
    SEND_AS_TRACE,
    /** Third party configured safe under TRACE: send for real, without the context. */
    CALL_SAFE_THIRD_PARTY,
    /** Third party under TRACE: do not send; answer with the synthetic response. */
    SUPPRESS
  }

  /**
   * The decision for one call.
   *
   * @param action what to do
   * @param syntheticResponse the response to return for {@link Action#SUPPRESS}, else {@code null}
   */
  public record Decision(Action action, @Nullable SyntheticResponse syntheticResponse) {

    /** Whether the response must carry the {@code Trace-Applied} acknowledgement. */
    public boolean requiresAcknowledgement() {
      return action == Action.SEND_AS_TRACE;
    }
  }

  private static final Decision PROCEED = new Decision(Action.PROCEED, null);
  private static final Decision SEND_AS_TRACE = new Decision(Action.SEND_AS_TRACE, null);
  private static final Decision SAFE = new Decision(Action.CALL_SAFE_THIRD_PARTY, null);

  private final ContextPropagator propagator;
  private final InternalHosts internalHosts;
  private final InternalHosts safeThirdParties;
  private final InternalHosts[] syntheticPatterns;
  private final Decision[] syntheticDecisions;
  private final Decision defaultSuppression;

  private OutboundTraceGuard(Builder b) {
    this.propagator = b.propagator;
    this.internalHosts = b.propagator.trustPolicy().internalHosts();
    this.safeThirdParties = InternalHosts.of(b.safe);
    this.syntheticPatterns = b.syntheticPatterns.toArray(new InternalHosts[0]);
    this.syntheticDecisions = new Decision[b.syntheticResponses.size()];
    for (int i = 0; i < syntheticDecisions.length; i++) {
      syntheticDecisions[i] = new Decision(Action.SUPPRESS, b.syntheticResponses.get(i));
    }
    this.defaultSuppression = new Decision(Action.SUPPRESS, b.defaultResponse);
  }

  /** A builder; internal hosts are those of {@code propagator}'s trust policy. */
  public static Builder builder(ContextPropagator propagator) {
    return new Builder(propagator);
  }

  /** The propagator that writes the context onto internal TRACE calls. */
  public ContextPropagator propagator() {
    return propagator;
  }

  /**
   * Decides what a call of {@code method} to {@code uri} does under {@code context}, and reports
   * {@link Action#SEND_AS_TRACE} and {@link Action#SUPPRESS} decisions into the context's recorder.
   * A {@link Action#SUPPRESS} decision is also counted in the runtime dependency map as a synthetic
   * call of the third party ({@link io.contextkit.dependencies.DependencyEdge#recordSynthetic}):
   * the caller answers it with the synthetic response and must not count it again.
   */
  public Decision decide(RequestContext context, String method, URI uri) {
    if (!context.isTrace()) {
      return PROCEED;
    }
    if (internalHosts.isInternal(uri)) {
      context
          .sideEffects()
          .record(
              new SideEffect(
                  SideEffect.Kind.HTTP_CALL,
                  target(uri),
                  describe(method, uri) + " sent as TRACE"));
      return SEND_AS_TRACE;
    }
    if (safeThirdParties.isInternal(uri)) {
      return SAFE;
    }
    Decision decision = defaultSuppression;
    for (int i = 0; i < syntheticPatterns.length; i++) {
      if (syntheticPatterns[i].isInternal(uri)) {
        decision = syntheticDecisions[i];
        break;
      }
    }
    context
        .sideEffects()
        .record(
            new SideEffect(
                SideEffect.Kind.HTTP_CALL,
                target(uri),
                describe(method, uri)
                    + " suppressed, synthetic "
                    + decision.syntheticResponse().status()));
    // Counted here, where every client's guard decides, so that all clients count it alike: a
    // TRACE call that never reaches the third party (the clients' own recorders skip the synthetic
    // response, which carries Trace-Suppressed: true).
    ContextKit.dependencies().http(uri, internalHosts).recordSynthetic();
    return decision;
  }

  /**
   * Checks the acknowledgement of a {@link Action#SEND_AS_TRACE} response: {@code traceApplied} is
   * the value of its {@code Trace-Applied} header, or {@code null}. A missing or different value is
   * reported as a {@code VIOLATION} and thrown.
   *
   * @throws TraceNotAcknowledgedException when the callee did not acknowledge TRACE
   */
  public void checkAcknowledged(
      RequestContext context,
      Decision decision,
      String method,
      URI uri,
      int status,
      @Nullable String traceApplied)
      throws TraceNotAcknowledgedException {
    if (!decision.requiresAcknowledgement() || isAcknowledgement(traceApplied)) {
      return;
    }
    context
        .sideEffects()
        .record(
            new SideEffect(
                SideEffect.Kind.VIOLATION,
                target(uri),
                describe(method, uri) + " answered " + status + " without Trace-Applied"));
    throw new TraceNotAcknowledgedException(method, uri, status);
  }

  /** Whether {@code value} is the {@code Trace-Applied} acknowledgement of a TRACE request. */
  public static boolean isAcknowledgement(@Nullable String value) {
    return value != null && value.strip().equalsIgnoreCase(TraceReport.TRACE_APPLIED_VALUE);
  }

  private static String target(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return "unknown-host";
    }
    return uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
  }

  private static String describe(String method, URI uri) {
    String path = uri.getRawPath();
    return method.toUpperCase(Locale.ROOT) + " " + (path == null || path.isEmpty() ? "/" : path);
  }

  /** Builds an {@link OutboundTraceGuard}; patterns are validated at once. Not thread-safe. */
  public static final class Builder {
    private final ContextPropagator propagator;
    private final List<String> safe = new ArrayList<>();
    private final List<InternalHosts> syntheticPatterns = new ArrayList<>();
    private final List<SyntheticResponse> syntheticResponses = new ArrayList<>();
    private SyntheticResponse defaultResponse = SyntheticResponse.accepted();

    private Builder(ContextPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    /**
     * Third-party host patterns that TRACE requests may call for real (e.g. read-only APIs without
     * quota concerns). They never receive the context.
     *
     * @throws IllegalArgumentException naming an invalid pattern
     */
    public Builder safeThirdParties(String... patterns) {
      InternalHosts.of(patterns); // validate now
      for (String p : patterns) {
        safe.add(p);
      }
      return this;
    }

    /**
     * The synthetic response for third parties matching {@code hostPattern}; patterns are tried in
     * the order added.
     */
    public Builder syntheticResponse(String hostPattern, SyntheticResponse response) {
      syntheticPatterns.add(InternalHosts.of(hostPattern));
      syntheticResponses.add(Objects.requireNonNull(response, "response"));
      return this;
    }

    /**
     * The synthetic response for other third parties; default {@link SyntheticResponse#accepted()}.
     */
    public Builder defaultSyntheticResponse(SyntheticResponse response) {
      this.defaultResponse = Objects.requireNonNull(response, "response");
      return this;
    }

    /** Builds the guard. */
    public OutboundTraceGuard build() {
      return new OutboundTraceGuard(this);
    }
  }
}
