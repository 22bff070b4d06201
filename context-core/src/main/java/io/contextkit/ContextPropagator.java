package io.contextkit;

import io.contextkit.ContextCounters.Counter;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InboundTrust;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.TraceIdMode;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.w3c.Baggage;
import io.contextkit.w3c.BaggageLimits;
import io.contextkit.w3c.BaggageParseResult;
import io.contextkit.w3c.HeaderGetter;
import io.contextkit.w3c.HeaderSetter;
import io.contextkit.w3c.Ids;
import io.contextkit.w3c.RequestIdCodec;
import io.contextkit.w3c.TraceParent;
import io.contextkit.w3c.TraceState;
import io.contextkit.w3c.TraceStateParseResult;
import io.contextkit.w3c.W3CHeaders;
import io.contextkit.w3c.internal.PercentCodec;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link RequestContext} from an inbound request or message and writes it onto an outbound
 * one, through the W3C codec and the {@link TrustPolicy}. One instance serves every transport: HTTP
 * servers and clients, Kafka, AMQP and JMS only supply a {@link HeaderGetter} or {@link
 * HeaderSetter} for their carrier.
 *
 * <h2>Wire format</h2>
 *
 * <ul>
 *   <li>{@code traceparent} / {@code tracestate}: W3C Trace Context; an invalid {@code traceparent}
 *       restarts the trace and drops {@code tracestate}.
 *   <li>{@code baggage}: W3C Baggage; the privileged fields travel as entries named {@code
 *       user_id}, {@code account_id}, {@code request_type}, {@code tester}, {@code license} (names
 *       configurable).
 *   <li>{@code x-request-id}: the request id.
 *   <li>{@code contextkit-signature}: an HMAC over the privileged fields, the trace id and the
 *       request id, written when signing keys are configured. Messages ({@link #injectMessage},
 *       {@link #extractMessage}) carry a message signature, valid for the longer message TTL of
 *       {@link ContextSignature}, because a message waits in a broker while its consumer lags.
 * </ul>
 *
 * <h2>Trust</h2>
 *
 * <p>Inbound, the privileged fields and the request id are accepted only from a hop the policy
 * trusts (a trusted peer, or a valid signature over exactly the claimed values); from anyone else
 * they are dropped and counted, the request id is generated, and the trace is continued or
 * restarted per {@link TrustPolicy#untrustedTraceIdMode()}. Outbound, internal hosts get
 * everything, third parties at most the W3C trace headers ({@code traceparent} and {@code
 * tracestate}). Nothing here ever throws for bad input: it is dropped and counted in {@link
 * ContextKit#counters()}.
 *
 * <h2>TRACE activation</h2>
 *
 * <p>A hop asks for TRACE with exactly one baggage list-member {@code request_type=TRACE} (the name
 * as configured; {@code request_type=STANDARD} says the opposite). OWS (spaces, tabs) around the
 * member and around {@code =} is allowed, as W3C Baggage allows it; nothing else is. The value is
 * compared as received, case-sensitive and not percent-decoded, and the member carries no
 * properties. Every other form that names the key — another ASCII case ({@code Request_Type}), a
 * percent-encoded key or value, a second entry (even an identical one, even in another {@code
 * baggage} header), properties ({@code request_type=TRACE;x=y}), an empty or other value, an entry
 * dropped as invalid, over a cap or beyond the byte cap — is {@link TraceActivation#MALFORMED},
 * decided before trust and counted as {@code request-type.malformed}: an ambiguous TRACE signal is
 * refused, never run as STANDARD. Keys that only contain the name ({@code x_request_type}, {@code
 * request_type2}) and properties of other entries are not the signal.
 *
 * <pre>{@code
 * ContextPropagator propagator = ContextPropagator.builder()
 *     .trustPolicy(TrustPolicy.builder()
 *         .signingKeys(SigningKeys.of("k1", secret))
 *         .internalHosts(InternalHosts.of("*.svc.cluster.local"))
 *         .build())
 *     .build();
 *
 * InboundContext in = propagator.extract(request, SERVLET_GETTER, InboundPeer.ofAddress(remoteAddr));
 * ContextBarrier.enter();
 * try (ContextScope scope = in.context().makeCurrent()) {
 *   // ... and on the way out:
 *   propagator.inject(RequestContext.current(), outbound, SETTER, URI.create("http://inventory.svc.cluster.local"));
 * }
 * }</pre>
 *
 * <p>Thread-safe and immutable.
 */
public final class ContextPropagator {

  /** The header that carries the context signature. */
  public static final String SIGNATURE_HEADER = "contextkit-signature";

  private static final ContextField[] BAGGAGE_FIELDS = {
    ContextField.USER_ID,
    ContextField.ACCOUNT_ID,
    ContextField.REQUEST_TYPE,
    ContextField.TESTER,
    ContextField.LICENSE
  };

  private static final byte[] LOWER_HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  private final TrustPolicy trustPolicy;
  private final BaggageLimits baggageLimits;
  private final String[] baggageNames;
  private final String requestIdHeader;
  private final String signatureHeader;
  private final boolean preferActiveSpan;
  private final @Nullable ContextSignature signature;
  private final Set<String> ownBaggageNames;

  /** The same names, for the parser to share as entry keys instead of copying them per request. */
  private final String[] ownBaggageNameArray;

  private ContextPropagator(Builder b) {
    this.trustPolicy = b.trustPolicy;
    this.signature = b.trustPolicy.signature().orElse(null);
    this.baggageLimits = b.baggageLimits;
    this.baggageNames = new String[ContextField.values().length];
    for (ContextField field : BAGGAGE_FIELDS) {
      baggageNames[field.ordinal()] = b.baggageNames.getOrDefault(field, field.key());
    }
    String[] own = new String[BAGGAGE_FIELDS.length];
    for (int i = 0; i < own.length; i++) {
      own[i] = baggageNames[BAGGAGE_FIELDS[i].ordinal()];
    }
    this.ownBaggageNames = Set.of(own);
    this.ownBaggageNameArray = own;
    this.requestIdHeader = b.requestIdHeader;
    this.signatureHeader = b.signatureHeader;
    this.preferActiveSpan = b.preferActiveSpan;
  }

  /**
   * A propagator with the secure defaults: trusts nobody inbound, treats every host as a third
   * party.
   */
  public static ContextPropagator defaults() {
    return builder().build();
  }

  /** A builder starting from the secure defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The trust policy applied inbound and outbound. */
  public TrustPolicy trustPolicy() {
    return trustPolicy;
  }

  /** The baggage limits applied inbound and outbound. */
  public BaggageLimits baggageLimits() {
    return baggageLimits;
  }

  /**
   * The baggage entry name that carries {@code field}, or {@code null} for fields that do not
   * travel as baggage.
   */
  public @Nullable String baggageName(ContextField field) {
    return baggageNames[field.ordinal()];
  }

  /**
   * Builds the context of an inbound request or message.
   *
   * <p>The result is a new request (its own journal) with a new {@code parent_id} for this hop;
   * when an OpenTelemetry span is active and valid (an SDK or agent created the server span), its
   * trace id, span id and flags are used instead, so logs and spans agree. Never throws for any
   * header content.
   *
   * @param carrier the inbound request or message
   * @param getter reads headers from the carrier
   * @param peer who sent it, for the trusted-peer check
   */
  public <C> InboundContext extract(C carrier, HeaderGetter<C> getter, InboundPeer peer) {
    return extract(carrier, getter, peer, false);
  }

  /**
   * Builds the context of a message consumed from a broker, like {@link #extract}, except for the
   * signature: a message signature ({@link #injectMessage}) is accepted as well as a request
   * signature, and an authentic signature that expired while the message waited keeps the trace id,
   * the request id and the TRACE ask (its identity fields are dropped; see {@link
   * TrustPolicy#evaluateMessage}).
   */
  public <C> InboundContext extractMessage(C carrier, HeaderGetter<C> getter, InboundPeer peer) {
    return extract(carrier, getter, peer, true);
  }

  private <C> InboundContext extract(
      C carrier, HeaderGetter<C> getter, InboundPeer peer, boolean message) {
    ContextCounters counters = ContextKit.counters();

    Iterator<String> traceparents = getter.getAll(carrier, W3CHeaders.TRACEPARENT);
    TraceParent remote = null;
    if (traceparents.hasNext()) {
      remote = TraceParent.parse(traceparents);
      if (remote == null) {
        counters.increment(Counter.TRACEPARENT_INVALID);
      }
    }
    TraceState traceState = TraceState.empty();
    Iterator<String> tracestates = getter.getAll(carrier, W3CHeaders.TRACESTATE);
    if (tracestates.hasNext()) {
      if (remote == null) {
        counters.increment(Counter.TRACESTATE_DROPPED);
      } else {
        TraceStateParseResult parsed = TraceState.parseCounting(tracestates);
        if (parsed.discarded()) {
          counters.increment(Counter.TRACESTATE_DROPPED);
        }
        counters.add(Counter.TRACESTATE_DUPLICATES_DROPPED, parsed.duplicatesDropped());
        traceState = parsed.traceState();
      }
    }

    BaggageParseResult parsed =
        Baggage.parse(
            getter.getAll(carrier, W3CHeaders.BAGGAGE),
            baggageLimits,
            baggageNames[ContextField.REQUEST_TYPE.ordinal()],
            ownBaggageNameArray);
    counters.add(Counter.BAGGAGE_INVALID_ENTRIES, parsed.invalidEntries());
    counters.add(Counter.BAGGAGE_DROPPED_ENTRIES, parsed.droppedEntries());
    Baggage baggage = parsed.baggage();
    // Read here, early: this method is large, and a call on the result late in it may not be
    // inlined, which would make the JIT allocate the result instead of keeping it in registers.
    boolean requestTypeUnambiguous = parsed.watchedKeyUnambiguous();

    String rawRequestId = getter.get(carrier, requestIdHeader);
    String requestId = RequestIdCodec.parse(rawRequestId);
    if (rawRequestId != null && requestId == null) {
      counters.increment(Counter.REQUEST_ID_INVALID);
    }

    SignedFields claims = claims(remote, requestId, baggage);
    String userId = claims.userId();
    String accountId = claims.accountId();
    String requestTypeRaw = claims.requestType();
    String testerRaw = claimed(baggage, ContextField.TESTER);
    String license = claims.license();
    String signatureValue = getter.get(carrier, signatureHeader);
    InboundTrust trust =
        message
            ? trustPolicy.evaluateMessage(peer, signatureValue, claims)
            : trustPolicy.evaluate(peer, signatureValue, claims);
    if (trust.signatureFailure() != null) {
      counters.increment(Counter.SIGNATURE_INVALID);
    }
    boolean trusted = trust.accepted();
    // A peer trusted with TRACE_AND_REQUEST_ID only: its TRACE ask and request id count, its
    // identity fields are dropped below like an untrusted caller's.
    boolean traceAndRequestId = trust.acceptsTraceAndRequestId();

    RequestContext.Builder b = RequestContext.builder();
    boolean restarted = false;
    if (remote != null && (trusted || trustPolicy.traceIdMode(trust) == TraceIdMode.CONTINUE)) {
      b.validated(ContextField.TRACE_ID, remote.traceId());
      // An untrusted caller must not decide whether we record: keep only the random-id flag.
      int flags = trusted ? remote.flags() : remote.flags() & ~TraceParent.FLAG_SAMPLED;
      b.traceFlags((byte) flags);
      b.traceState(traceState.format());
    } else {
      if (remote != null) {
        restarted = true;
        if (!traceState.isEmpty()) {
          counters.increment(Counter.TRACESTATE_DROPPED);
        }
      }
      b.validated(ContextField.TRACE_ID, Ids.randomTraceId());
      b.traceFlags((byte) TraceParent.FLAG_RANDOM);
    }
    b.validated(ContextField.PARENT_ID, Ids.randomSpanId());
    if (preferActiveSpan) {
      SpanContext active = Span.current().getSpanContext();
      if (active.isValid()) {
        b.trace(active);
      }
    }
    // RequestIdCodec applies exactly the rules of ContextField.REQUEST_ID.
    b.validated(
        ContextField.REQUEST_ID,
        traceAndRequestId && requestId != null ? requestId : Ids.randomTraceId());

    TraceActivation activation =
        activation(requestTypeUnambiguous, requestTypeRaw, traceAndRequestId);
    if (activation == TraceActivation.MALFORMED) {
      counters.increment(Counter.REQUEST_TYPE_MALFORMED);
    }

    if (trusted) {
      b.validated(ContextField.USER_ID, valid(ContextField.USER_ID, userId, counters));
      b.validated(ContextField.ACCOUNT_ID, valid(ContextField.ACCOUNT_ID, accountId, counters));
      b.validated(ContextField.LICENSE, valid(ContextField.LICENSE, license, counters));
      String tester = valid(ContextField.TESTER, testerRaw, counters);
      b.tester("true".equals(tester));
      if (activation == TraceActivation.ACCEPTED) {
        b.requestType(RequestType.TRACE);
      }
    } else {
      if (traceAndRequestId && activation == TraceActivation.ACCEPTED) {
        b.requestType(RequestType.TRACE);
      }
      int dropped = 0;
      for (ContextField field : BAGGAGE_FIELDS) {
        if ((field != ContextField.REQUEST_TYPE || !traceAndRequestId)
            && claimed(baggage, field) != null) {
          dropped++;
        }
      }
      counters.add(Counter.UNTRUSTED_FIELDS_DROPPED, dropped);
    }

    // The foreign entries are separated from ours only if an integration asks for them.
    return new InboundContext(
        b.build(), trust, remote, restarted, activation, baggage, ownBaggageNames);
  }

  /**
   * The fields an inbound request or message claims, exactly as {@link #extract} reads them and
   * checks them against its {@code contextkit-signature} header: the trace id of a valid {@code
   * traceparent}, a well-formed request id, and the privileged baggage entries as they travel
   * (percent-decoded, not validated; {@code tester} is {@code true} only for the value {@code
   * "true"}). Nothing is trusted, counted or changed; tools use this to explain why a signature
   * does or does not verify. Never throws for any header content.
   *
   * @param carrier the inbound request or message
   * @param getter reads headers from the carrier
   */
  public <C> SignedFields claimedFields(C carrier, HeaderGetter<C> getter) {
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(getter, "getter");
    TraceParent remote = TraceParent.parse(getter.getAll(carrier, W3CHeaders.TRACEPARENT));
    Baggage baggage =
        Baggage.parse(getter.getAll(carrier, W3CHeaders.BAGGAGE), baggageLimits).baggage();
    String requestId = RequestIdCodec.parse(getter.get(carrier, requestIdHeader));
    return claims(remote, requestId, baggage);
  }

  /** The signed fields of an inbound hop; one definition for {@link #extract} and tools. */
  private SignedFields claims(
      @Nullable TraceParent remote, @Nullable String requestId, Baggage baggage) {
    return new SignedFields(
        remote == null ? null : remote.traceId(),
        requestId,
        claimed(baggage, ContextField.USER_ID),
        claimed(baggage, ContextField.ACCOUNT_ID),
        "true".equals(claimed(baggage, ContextField.TESTER)),
        claimed(baggage, ContextField.LICENSE),
        claimed(baggage, ContextField.REQUEST_TYPE));
  }

  /** The header that carries the context signature (default {@code contextkit-signature}). */
  public String signatureHeader() {
    return signatureHeader;
  }

  /** The name of the header that carries the request id (default {@code x-request-id}). */
  public String requestIdHeader() {
    return requestIdHeader;
  }

  /**
   * Writes {@code context} onto an outbound request or message bound for {@code destination}, as
   * the trust policy allows for that host.
   */
  public <C> void inject(
      RequestContext context, C carrier, HeaderSetter<C> setter, URI destination) {
    inject(context, carrier, setter, trustPolicy.outboundPolicy(destination));
  }

  /**
   * Writes {@code context} onto an outbound carrier under an explicit policy: {@link
   * OutboundPolicy#FULL} for a hop inside the trust boundary (e.g. a message to an internal topic),
   * {@link OutboundPolicy#TRACE_CONTEXT}, {@link OutboundPolicy#TRACEPARENT_ONLY} or {@link
   * OutboundPolicy#NONE} for third parties.
   *
   * <p>Each call gets a new parent id in its {@code traceparent} (as a client span would), unless
   * an OpenTelemetry span of the same trace other than the hop's own is active — then that span is
   * the parent. Nothing is written for the empty context.
   */
  public <C> void inject(
      RequestContext context, C carrier, HeaderSetter<C> setter, OutboundPolicy policy) {
    inject(context, carrier, setter, policy, false);
  }

  /**
   * Writes {@code context} onto an outbound message under {@code policy}, like {@link
   * #inject(RequestContext, Object, HeaderSetter, OutboundPolicy)}, but with a message signature
   * (valid for the message TTL, accepted only by {@link #extractMessage}).
   */
  public <C> void injectMessage(
      RequestContext context, C carrier, HeaderSetter<C> setter, OutboundPolicy policy) {
    inject(context, carrier, setter, policy, true);
  }

  private <C> void inject(
      RequestContext context,
      C carrier,
      HeaderSetter<C> setter,
      OutboundPolicy policy,
      boolean message) {
    if (policy == OutboundPolicy.NONE || context.isEmpty()) {
      return;
    }
    String traceId = context.traceId();
    if (traceId != null) {
      setter.set(carrier, W3CHeaders.TRACEPARENT, traceParent(context, traceId));
    }
    // tracestate travels only with the traceparent it belongs to.
    if (policy.sendsTracestate() && traceId != null && !context.traceState().isEmpty()) {
      setter.set(carrier, W3CHeaders.TRACESTATE, context.traceState());
    }
    if (!policy.sendsContext()) {
      return;
    }
    String requestId = context.requestId();
    if (requestId != null) {
      setter.set(carrier, requestIdHeader, requestId);
    }
    String baggage = baggage(context);
    if (!baggage.isEmpty()) {
      setter.set(carrier, W3CHeaders.BAGGAGE, baggage);
    }
    if (signature != null) {
      SignedFields fields = signedFields(context);
      setter.set(
          carrier,
          signatureHeader,
          message ? signature.signMessage(fields) : signature.sign(fields));
    }
  }

  /** The fields a signature over {@code context} covers, exactly as {@link #inject} writes them. */
  public static SignedFields signedFields(RequestContext context) {
    return new SignedFields(
        context.traceId(),
        context.requestId(),
        context.userId(),
        context.accountId(),
        context.tester(),
        context.license(),
        context.get(ContextField.REQUEST_TYPE));
  }

  /**
   * The outbound {@code traceparent}, written straight into its 55 bytes: version 00, the context's
   * trace id, a new parent id for this call (or the active span's, see {@link
   * #inject(RequestContext, Object, HeaderSetter, OutboundPolicy)}) and the known flags. The ids
   * need no validation here: the context's trace id was validated when it was built, and the parent
   * id is either a valid span's or generated.
   */
  private static String traceParent(RequestContext context, String traceId) {
    byte[] out = new byte[TraceParent.LENGTH];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    copyAscii(traceId, out, 3);
    out[35] = '-';
    SpanContext active = Span.current().getSpanContext();
    if (active.isValid()
        && active.getTraceId().equals(traceId)
        && !active.getSpanId().equals(context.parentId())) {
      copyAscii(active.getSpanId(), out, 36);
    } else {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long id;
      do {
        id = random.nextLong();
      } while (id == 0);
      for (int i = 51; i >= 36; i--) {
        out[i] = LOWER_HEX[(int) (id & 0xf)];
        id >>>= 4;
      }
    }
    out[52] = '-';
    int flags = context.traceFlags() & (TraceParent.FLAG_SAMPLED | TraceParent.FLAG_RANDOM);
    out[53] = '0';
    out[54] = LOWER_HEX[flags];
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static void copyAscii(String hex, byte[] out, int offset) {
    for (int i = 0; i < hex.length(); i++) {
      out[offset + i] = (byte) hex.charAt(i);
    }
  }

  /**
   * The outbound {@code baggage} value, formatted exactly as {@link Baggage#format(BaggageLimits)}
   * would format the privileged fields, but written straight from the context into one builder:
   * values that need no percent-encoding (the usual case) are appended whole. Entries that exceed
   * the limits are left out whole, earlier entries taking precedence.
   */
  private String baggage(RequestContext context) {
    String userId = context.userId();
    String accountId = context.accountId();
    String requestType = context.requestType().name();
    String tester = context.tester() ? "true" : null;
    String license = context.license();
    int capacity =
        entrySize(ContextField.USER_ID, userId)
            + entrySize(ContextField.ACCOUNT_ID, accountId)
            + entrySize(ContextField.REQUEST_TYPE, requestType)
            + entrySize(ContextField.TESTER, tester)
            + entrySize(ContextField.LICENSE, license);
    StringBuilder out = new StringBuilder(capacity);
    int written = 0;
    written = appendEntry(out, written, ContextField.USER_ID, userId);
    written = appendEntry(out, written, ContextField.ACCOUNT_ID, accountId);
    written = appendEntry(out, written, ContextField.REQUEST_TYPE, requestType);
    written = appendEntry(out, written, ContextField.TESTER, tester);
    appendEntry(out, written, ContextField.LICENSE, license);
    return out.toString();
  }

  private int entrySize(ContextField field, @Nullable String value) {
    // Name, '=', the value if it needs no encoding, and the joining comma.
    return value == null ? 0 : baggageNames[field.ordinal()].length() + value.length() + 2;
  }

  private int appendEntry(
      StringBuilder out, int written, ContextField field, @Nullable String value) {
    if (value == null || written >= baggageLimits.maxMembers()) {
      return written;
    }
    int mark = out.length();
    if (written > 0) {
      out.append(',');
    }
    out.append(baggageNames[field.ordinal()]).append('=');
    int valueStart = out.length();
    PercentCodec.encode(out, value);
    if (out.length() - valueStart > baggageLimits.maxValueBytes()
        || out.length() > baggageLimits.maxBytes()) {
      out.setLength(mark);
      return written;
    }
    return written + 1;
  }

  /**
   * The activation grammar. Exactly one list-member {@code request_type=TRACE} or {@code
   * request_type=STANDARD} (OWS around the member and the {@code =} allowed, as W3C Baggage says;
   * the name as configured) activates; anything else that names the key — in another case,
   * percent-encoded, twice, with properties, with an encoded, empty or other value, invalid, or
   * dropped at a cap — is malformed, whoever sent it: a TRACE signal in any form never yields a
   * STANDARD request.
   */
  private static TraceActivation activation(
      boolean unambiguous, @Nullable String requestType, boolean trusted) {
    if (!unambiguous) {
      return TraceActivation.MALFORMED;
    }
    if (requestType == null) {
      return TraceActivation.NOT_REQUESTED;
    }
    RequestType type = RequestType.parse(requestType);
    if (type == null) {
      return TraceActivation.MALFORMED;
    }
    if (type == RequestType.STANDARD) {
      return TraceActivation.NOT_REQUESTED;
    }
    return trusted ? TraceActivation.ACCEPTED : TraceActivation.UNTRUSTED;
  }

  private @Nullable String claimed(Baggage baggage, ContextField field) {
    return baggage.get(baggageNames[field.ordinal()]);
  }

  private static @Nullable String valid(
      ContextField field, @Nullable String value, ContextCounters counters) {
    if (value == null) {
      return null;
    }
    if (field.isValid(value)) {
      return value;
    }
    counters.increment(Counter.FIELD_INVALID);
    return null;
  }

  /** Builds a {@link ContextPropagator}; fails fast on invalid settings. Not thread-safe. */
  public static final class Builder {
    private TrustPolicy trustPolicy = TrustPolicy.defaults();
    private BaggageLimits baggageLimits = BaggageLimits.DEFAULTS;
    private final Map<ContextField, String> baggageNames = new EnumMap<>(ContextField.class);
    private String requestIdHeader = W3CHeaders.REQUEST_ID;
    private String signatureHeader = SIGNATURE_HEADER;
    private boolean preferActiveSpan = true;

    private Builder() {}

    /** The trust boundary; default {@link TrustPolicy#defaults()}, which trusts nobody. */
    public Builder trustPolicy(TrustPolicy trustPolicy) {
      this.trustPolicy = Objects.requireNonNull(trustPolicy, "trustPolicy");
      return this;
    }

    /** Hard caps for baggage, inbound and outbound; default 64 members, 8192 bytes. */
    public Builder baggageLimits(BaggageLimits baggageLimits) {
      this.baggageLimits = Objects.requireNonNull(baggageLimits, "baggageLimits");
      return this;
    }

    /**
     * Renames the baggage entry that carries a privileged field (default: the field's {@link
     * ContextField#key()}). Only {@code user_id}, {@code account_id}, {@code request_type}, {@code
     * tester} and {@code license} travel as baggage.
     */
    public Builder baggageName(ContextField field, String name) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(name, "name");
      boolean travels = false;
      for (ContextField f : BAGGAGE_FIELDS) {
        travels |= f == field;
      }
      if (!travels) {
        throw new IllegalArgumentException(field.key() + " does not travel as baggage");
      }
      if (!isToken(name)) {
        throw new IllegalArgumentException(
            "baggage name for " + field.key() + " is not a valid token");
      }
      baggageNames.put(field, name);
      return this;
    }

    /** The request id header; default {@code x-request-id}. */
    public Builder requestIdHeader(String name) {
      this.requestIdHeader = header(name, "requestIdHeader");
      return this;
    }

    /** The signature header; default {@code contextkit-signature}. */
    public Builder signatureHeader(String name) {
      this.signatureHeader = header(name, "signatureHeader");
      return this;
    }

    /**
     * Whether an active, valid OpenTelemetry span supplies the trace ids of an inbound context
     * (default {@code true}), so that logs and spans carry the same ids.
     */
    public Builder preferActiveSpan(boolean preferActiveSpan) {
      this.preferActiveSpan = preferActiveSpan;
      return this;
    }

    /** Builds the propagator; checks that no two fields share a baggage name. */
    public ContextPropagator build() {
      Map<String, ContextField> seen = new java.util.HashMap<>();
      for (ContextField field : BAGGAGE_FIELDS) {
        String name = baggageNames.getOrDefault(field, field.key());
        ContextField other = seen.put(name, field);
        if (other != null) {
          throw new IllegalArgumentException(
              "baggage name '" + name + "' used for both " + other.key() + " and " + field.key());
        }
      }
      return new ContextPropagator(this);
    }

    private static String header(String name, String what) {
      Objects.requireNonNull(name, what);
      if (!isToken(name)) {
        throw new IllegalArgumentException(what + " is not a valid header name");
      }
      return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isToken(String s) {
      if (s.isEmpty() || s.length() > 256) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
