package io.contextkit;

import io.contextkit.trust.InboundTrust;
import io.contextkit.w3c.Baggage;
import io.contextkit.w3c.TraceParent;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ContextPropagator#extract} made of an inbound request or message: the context to
 * serve it with, plus what the integration needs to decide the rest (trust, a TRACE refusal, a span
 * link).
 *
 * @param context the context for this hop: a new request with its own journal, a {@code parent_id}
 *     of its own and, when the hop was not trusted, none of the privileged fields it claimed
 * @param trust whether the hop's privileged fields were accepted, and why
 * @param remoteParent the valid inbound {@code traceparent}, continued or not; {@code null} when
 *     absent or invalid
 * @param traceRestarted whether the trace id is new although a valid {@code traceparent} came in
 *     (an untrusted hop under {@link io.contextkit.trust.TraceIdMode#RESTART}); {@code
 *     remoteParent} is then the span link to record
 * @param traceActivation what became of a request to run as TRACE
 * @param otherBaggage the inbound baggage entries that are not ContextKit fields, for integrations
 *     that pass foreign baggage on (e.g. into OpenTelemetry's {@code Baggage}); never containing a
 *     privileged field
 */
public record InboundContext(
    RequestContext context,
    InboundTrust trust,
    @Nullable TraceParent remoteParent,
    boolean traceRestarted,
    TraceActivation traceActivation,
    Baggage otherBaggage) {

  /** Checks the components. */
  public InboundContext {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(traceActivation, "traceActivation");
    Objects.requireNonNull(otherBaggage, "otherBaggage");
  }

  /**
   * Applies the identity of the authenticated caller.
   *
   * <p>Fields a trusted hop already supplied are kept (a service calling on behalf of a user
   * authenticates as itself, while the user travels in the signed context); absent ones are filled
   * from {@code identity}. A TRACE request refused as {@link TraceActivation#UNTRUSTED} is accepted
   * when the caller holds the TRACE permission. The result serves the same request (it shares the
   * journal).
   */
  public InboundContext withIdentity(Identity identity) {
    Objects.requireNonNull(identity, "identity");
    boolean permitsTrace =
        traceActivation == TraceActivation.UNTRUSTED && identity.tracePermitted();
    if (!permitsTrace
        && (context.userId() != null || identity.userId() == null)
        && (context.accountId() != null || identity.accountId() == null)
        && (context.license() != null || identity.license() == null)
        && (context.tester() || !identity.tester())) {
      // Nothing to add (an anonymous caller, or the hop already named everything): deriving would
      // only copy this value, and callers that see the same instance can skip re-binding it.
      return this;
    }
    RequestContext.Builder b = context.toBuilder();
    if (context.userId() == null) {
      b.userId(identity.userId());
    }
    if (context.accountId() == null) {
      b.accountId(identity.accountId());
    }
    if (context.license() == null) {
      b.license(identity.license());
    }
    if (!context.tester()) {
      b.tester(identity.tester());
    }
    TraceActivation activation = traceActivation;
    if (activation == TraceActivation.UNTRUSTED && identity.tracePermitted()) {
      activation = TraceActivation.ACCEPTED;
      b.requestType(RequestType.TRACE);
    }
    return new InboundContext(
        b.build(), trust, remoteParent, traceRestarted, activation, otherBaggage);
  }
}
