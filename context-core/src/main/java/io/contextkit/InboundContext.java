package io.contextkit;

import io.contextkit.trust.InboundTrust;
import io.contextkit.w3c.Baggage;
import io.contextkit.w3c.TraceParent;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ContextPropagator#extract} made of an inbound request or message: the context to
 * serve it with, plus what the integration needs to decide the rest (trust, a TRACE refusal, a span
 * link).
 *
 * <p>An immutable value with the accessors, {@code equals}, {@code hashCode} and {@code toString}
 * of a record of its six components. The foreign baggage is separated from ContextKit's own entries
 * only when {@link #otherBaggage()} is first read: most requests never read it.
 */
public final class InboundContext {

  private final RequestContext context;
  private final InboundTrust trust;
  private final @Nullable TraceParent remoteParent;
  private final boolean traceRestarted;
  private final TraceActivation traceActivation;

  /** Every entry received, when {@link #otherBaggage} is still to be computed from it. */
  private final @Nullable Baggage received;

  /** The names of ContextKit's own entries in {@link #received}. */
  private final Set<String> ownNames;

  // The racy single-check idiom (as String.hash): threads that race may each compute it, every
  // result is equal, and a Baggage is immutable with final fields, so reading it through a data
  // race is safe. Not volatile: a volatile store in the constructor would cost every request a
  // fence.
  private @Nullable Baggage otherBaggage;

  /**
   * An inbound context.
   *
   * @param context the context for this hop: a new request with its own journal, a {@code
   *     parent_id} of its own and, when the hop was not trusted, none of the privileged fields it
   *     claimed
   * @param trust whether the hop's privileged fields were accepted, and why
   * @param remoteParent the valid inbound {@code traceparent}, continued or not; {@code null} when
   *     absent or invalid
   * @param traceRestarted whether the trace id is new although a valid {@code traceparent} came in
   *     (an untrusted hop under {@link io.contextkit.trust.TraceIdMode#RESTART}); {@code
   *     remoteParent} is then the span link to record
   * @param traceActivation what became of a request to run as TRACE
   * @param otherBaggage the inbound baggage entries that are not ContextKit fields, for
   *     integrations that pass foreign baggage on (e.g. into OpenTelemetry's {@code Baggage});
   *     never containing a privileged field
   */
  public InboundContext(
      RequestContext context,
      InboundTrust trust,
      @Nullable TraceParent remoteParent,
      boolean traceRestarted,
      TraceActivation traceActivation,
      Baggage otherBaggage) {
    this(
        context,
        trust,
        remoteParent,
        traceRestarted,
        traceActivation,
        null,
        Set.of(),
        Objects.requireNonNull(otherBaggage, "otherBaggage"));
  }

  /**
   * An inbound context whose foreign baggage is {@code received} without the entries named in
   * {@code ownNames}, worked out when first read.
   */
  InboundContext(
      RequestContext context,
      InboundTrust trust,
      @Nullable TraceParent remoteParent,
      boolean traceRestarted,
      TraceActivation traceActivation,
      Baggage received,
      Set<String> ownNames) {
    this(
        context,
        trust,
        remoteParent,
        traceRestarted,
        traceActivation,
        Objects.requireNonNull(received, "received"),
        ownNames,
        null);
  }

  private InboundContext(
      RequestContext context,
      InboundTrust trust,
      @Nullable TraceParent remoteParent,
      boolean traceRestarted,
      TraceActivation traceActivation,
      @Nullable Baggage received,
      Set<String> ownNames,
      @Nullable Baggage otherBaggage) {
    this.context = Objects.requireNonNull(context, "context");
    this.trust = Objects.requireNonNull(trust, "trust");
    this.remoteParent = remoteParent;
    this.traceRestarted = traceRestarted;
    this.traceActivation = Objects.requireNonNull(traceActivation, "traceActivation");
    this.ownNames = ownNames;
    if (received != null && received.isEmpty()) {
      // Nothing was received: nothing to work out later, and no reference kept to the parse.
      this.received = null;
      this.otherBaggage = received;
    } else {
      this.received = received;
      if (otherBaggage != null) {
        this.otherBaggage = otherBaggage;
      }
    }
  }

  /**
   * The context for this hop: a new request with its own journal, a {@code parent_id} of its own
   * and, when the hop was not trusted, none of the privileged fields it claimed.
   */
  public RequestContext context() {
    return context;
  }

  /** Whether the hop's privileged fields were accepted, and why. */
  public InboundTrust trust() {
    return trust;
  }

  /**
   * The valid inbound {@code traceparent}, continued or not; {@code null} when absent or invalid.
   */
  public @Nullable TraceParent remoteParent() {
    return remoteParent;
  }

  /**
   * Whether the trace id is new although a valid {@code traceparent} came in (an untrusted hop
   * under {@link io.contextkit.trust.TraceIdMode#RESTART}); {@link #remoteParent()} is then the
   * span link to record.
   */
  public boolean traceRestarted() {
    return traceRestarted;
  }

  /** What became of a request to run as TRACE. */
  public TraceActivation traceActivation() {
    return traceActivation;
  }

  /**
   * The inbound baggage entries that are not ContextKit fields, for integrations that pass foreign
   * baggage on (e.g. into OpenTelemetry's {@code Baggage}); never containing a privileged field.
   */
  public Baggage otherBaggage() {
    Baggage other = otherBaggage;
    if (other == null) {
      // Set by the constructors whenever received is null.
      other = Objects.requireNonNull(received).without(ownNames);
      otherBaggage = other;
    }
    return other;
  }

  /** Compares all six components, as a record would. */
  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof InboundContext)) {
      return false;
    }
    InboundContext that = (InboundContext) o;
    return traceRestarted == that.traceRestarted
        && context.equals(that.context)
        && trust.equals(that.trust)
        && Objects.equals(remoteParent, that.remoteParent)
        && traceActivation == that.traceActivation
        && otherBaggage().equals(that.otherBaggage());
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        context, trust, remoteParent, traceRestarted, traceActivation, otherBaggage());
  }

  /** The six components, in a record's format. */
  @Override
  public String toString() {
    return "InboundContext[context="
        + context
        + ", trust="
        + trust
        + ", remoteParent="
        + remoteParent
        + ", traceRestarted="
        + traceRestarted
        + ", traceActivation="
        + traceActivation
        + ", otherBaggage="
        + otherBaggage()
        + "]";
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
    // The derived value shares this one's foreign baggage, worked out or still to be.
    return new InboundContext(
        b.build(),
        trust,
        remoteParent,
        traceRestarted,
        activation,
        received,
        ownNames,
        otherBaggage);
  }
}
