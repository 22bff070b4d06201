package io.contextkit;

import io.contextkit.internal.RequestJournal;
import io.contextkit.spi.ContextLocator;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ImplicitContextKeyed;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The typed context of one request or message: who, which account, which trace, which request and
 * what kind of request.
 *
 * <p>A {@code RequestContext} is an immutable value. Changing the context means building a new
 * value and opening a {@linkplain #makeCurrent() scope} that restores the previous one when closed:
 *
 * <pre>{@code
 * RequestContext ctx = RequestContext.builder()
 *     .requestId("req-42")
 *     .userId("alice")
 *     .accountId("acme")
 *     .build();
 * try (ContextScope scope = ctx.makeCurrent()) {
 *   RequestContext.current().userId();   // "alice", also MDC.get("user_id")
 *   executor.execute(task);               // a wrapped executor carries ctx to the task
 * }                                       // the previous context (and MDC) is back
 * }</pre>
 *
 * <p>The current context is stored as an entry of OpenTelemetry's {@link Context}, so it travels
 * wherever that context travels (Vert.x duplicated contexts, the OpenTelemetry agent, Micrometer's
 * bridge) — and it is available with no OpenTelemetry SDK at all, since the API alone stores
 * contexts.
 *
 * <p>Besides its value fields, a context built for a request owns that request's journal: the
 * {@linkplain #flagEvaluations() flag evaluations} made and the {@linkplain #sideEffects() side
 * effects} suppressed. The journal is shared by every context derived with {@link #toBuilder()}, is
 * thread-safe and bounded, and is not part of {@link #equals(Object)}. The {@linkplain #empty()
 * empty} context records nothing.
 *
 * <p>Instances are thread-safe.
 */
public final class RequestContext implements ImplicitContextKeyed {

  private static final ContextKey<RequestContext> KEY =
      ContextKey.named("contextkit.request-context");

  private static final RequestContext EMPTY = new Builder().buildWith(RequestJournal.discarding());

  private final @Nullable String traceId;
  private final @Nullable String parentId;
  private final byte traceFlags;
  private final String traceState;
  private final @Nullable String requestId;
  private final @Nullable String userId;
  private final @Nullable String accountId;
  private final RequestType requestType;
  private final boolean tester;
  private final @Nullable String license;
  private final RequestJournal journal;
  private final boolean empty;

  private RequestContext(Builder b, RequestJournal journal) {
    this.traceId = b.traceId;
    this.parentId = b.parentId;
    this.traceFlags = b.traceFlags;
    this.traceState = b.traceState;
    this.requestId = b.requestId;
    this.userId = b.userId;
    this.accountId = b.accountId;
    this.requestType = b.requestType;
    this.tester = b.tester;
    this.license = b.license;
    this.journal = journal;
    // Read on every scope change by the projections; computed once.
    this.empty =
        traceId == null
            && requestId == null
            && userId == null
            && accountId == null
            && license == null
            && !tester
            && requestType == RequestType.STANDARD;
  }

  /** The context with no field set: what a thread holds outside any request. Records nothing. */
  public static RequestContext empty() {
    return EMPTY;
  }

  /** A builder for a new request's context, with a fresh journal. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The context current on this thread, never {@code null}: {@link #empty()} outside any scope.
   *
   * <p>Reads OpenTelemetry's current {@link Context}, so the value is the same whichever mechanism
   * made it current (a ContextKit scope, an OpenTelemetry scope, a wrapped task).
   */
  public static RequestContext current() {
    RequestContext ctx = Context.current().get(KEY);
    return ctx == null ? EMPTY : ctx;
  }

  /**
   * The context of the request the calling thread works for: {@link #current()}, or — when no scope
   * is open on this thread — the one the {@linkplain ContextKit#setLocator installed locator} finds
   * (on Quarkus, the request whose Vert.x duplicated context the thread runs in, e.g. an event-loop
   * callback after the resource method returned); {@link #empty()} otherwise.
   *
   * <p>TRACE guards read the request type through this method, so work a request started outside
   * any scope is still guarded as that request's.
   */
  public static RequestContext currentOrLocated() {
    RequestContext ctx = current();
    if (!ctx.isEmpty()) {
      return ctx;
    }
    ContextLocator locator = ContextKit.locator();
    if (locator == null) {
      return ctx;
    }
    try {
      RequestContext located = locator.locate();
      return located == null ? ctx : located;
    } catch (RuntimeException | LinkageError e) {
      io.contextkit.internal.Warnings.once(
          "locator-failed:" + locator.getClass().getName(),
          "ContextKit locator " + locator.getClass().getName() + " failed: " + e);
      return ctx;
    }
  }

  /** The context stored in {@code context}, or {@link #empty()}. */
  public static RequestContext fromContext(Context context) {
    RequestContext ctx = context.get(KEY);
    return ctx == null ? EMPTY : ctx;
  }

  /**
   * A builder preset with this context's fields that shares its journal, for deriving a changed
   * context within the same request (e.g. after authentication set the user).
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.traceId = traceId;
    b.parentId = parentId;
    b.traceFlags = traceFlags;
    b.traceState = traceState;
    b.requestId = requestId;
    b.userId = userId;
    b.accountId = accountId;
    b.requestType = requestType;
    b.tester = tester;
    b.license = license;
    // The empty context's journal discards everything; a context derived from it is a new unit of
    // work.
    b.journal = journal.isDiscarding() ? null : journal;
    return b;
  }

  /**
   * Makes this context current on the calling thread until the returned scope is closed, projecting
   * it onto the MDC and other registered {@linkplain io.contextkit.spi.ContextProjection
   * projections}.
   *
   * <p>Closing the scope restores exactly the context that was current before, on the thread that
   * opened it. Scopes nest to any depth; closing an outer scope before an inner one closes the
   * inner ones first (and warns once), so the thread never keeps a stale context.
   */
  @Override
  public ContextScope makeCurrent() {
    Context previous = Context.current();
    return ContextScope.open(this, fromContext(previous), previous, previous.with(KEY, this));
  }

  /** Stores this context in {@code context}; the OpenTelemetry way of carrying it. */
  @Override
  public Context storeInContext(Context context) {
    return context.with(KEY, this);
  }

  /** W3C trace id (32 lowercase hex), or {@code null}. */
  public @Nullable String traceId() {
    return traceId;
  }

  /** W3C parent id (16 lowercase hex) of the span that represents this hop, or {@code null}. */
  public @Nullable String parentId() {
    return parentId;
  }

  /** W3C trace flags (bit 0: sampled, bit 1: random trace id). */
  public byte traceFlags() {
    return traceFlags;
  }

  /** The W3C {@code tracestate} to pass on, already validated; empty when none. */
  public String traceState() {
    return traceState;
  }

  /** The id of the inbound request or message, or {@code null}. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** The authenticated user, or {@code null}. */
  public @Nullable String userId() {
    return userId;
  }

  /** The account (tenant), or {@code null}. */
  public @Nullable String accountId() {
    return accountId;
  }

  /** {@link RequestType#STANDARD} unless this is a TRACE request. */
  public RequestType requestType() {
    return requestType;
  }

  /** Whether this is a TRACE request, which must leave no durable side effect. */
  public boolean isTrace() {
    return requestType == RequestType.TRACE;
  }

  /** Whether the account is a tester account. */
  public boolean tester() {
    return tester;
  }

  /** The licence tier of the account, or {@code null}. */
  public @Nullable String license() {
    return license;
  }

  /** Whether no value field is set, i.e. this equals {@link #empty()}. */
  public boolean isEmpty() {
    return empty;
  }

  /**
   * The value of {@code field} as written on the wire and in logs, or {@code null} when absent.
   * {@link ContextField#TESTER} is {@code "true"} only for tester accounts, {@link
   * ContextField#REQUEST_TYPE} is absent on the empty context.
   */
  public @Nullable String get(ContextField field) {
    switch (field) {
      case TRACE_ID:
        return traceId;
      case PARENT_ID:
        return parentId;
      case REQUEST_ID:
        return requestId;
      case USER_ID:
        return userId;
      case ACCOUNT_ID:
        return accountId;
      case REQUEST_TYPE:
        return isEmpty() ? null : requestType.name();
      case TESTER:
        return tester ? "true" : null;
      case LICENSE:
        return license;
      default:
        throw new AssertionError(field);
    }
  }

  /**
   * The flag evaluations recorded for this request so far, one per flag key, in first-seen order.
   */
  public List<FlagEvaluation> flagEvaluations() {
    return journal.flags();
  }

  /**
   * Records a flag evaluation in this request's journal (latest evaluation per key wins, at most 64
   * keys) and, when this context is current, refreshes the projections (the MDC's {@code
   * feature_flags}). A no-op on the empty context.
   */
  public void recordFlagEvaluation(FlagEvaluation evaluation) {
    if (journal.recordFlag(evaluation)) {
      RequestContext current = current();
      if (current.journal == journal) {
        ContextKit.projectionsFlagsChanged(current);
      }
    }
  }

  /** The recorder that TRACE guards report this request's suppressed side effects into. */
  public SideEffectRecorder sideEffects() {
    return journal;
  }

  /**
   * The flags in effect as one log-friendly value ({@code key=variant} pairs joined by commas,
   * {@code ?} for a missing variant), empty when none: the value of the {@code feature_flags} log
   * field. Allocates nothing.
   */
  public String flagsInEffect() {
    return journal.flagsRendered();
  }

  /** Whether this context and {@code other} belong to the same request (share one journal). */
  public boolean sameRequestAs(RequestContext other) {
    return journal == other.journal && !journal.isDiscarding();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RequestContext)) {
      return false;
    }
    RequestContext that = (RequestContext) o;
    return traceFlags == that.traceFlags
        && tester == that.tester
        && Objects.equals(traceId, that.traceId)
        && Objects.equals(parentId, that.parentId)
        && traceState.equals(that.traceState)
        && Objects.equals(requestId, that.requestId)
        && Objects.equals(userId, that.userId)
        && Objects.equals(accountId, that.accountId)
        && requestType == that.requestType
        && Objects.equals(license, that.license);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        traceId,
        parentId,
        traceFlags,
        traceState,
        requestId,
        userId,
        accountId,
        requestType,
        tester,
        license);
  }

  @Override
  public String toString() {
    return "RequestContext{trace_id="
        + traceId
        + ", parent_id="
        + parentId
        + ", request_id="
        + requestId
        + ", user_id="
        + userId
        + ", account_id="
        + accountId
        + ", request_type="
        + requestType
        + ", tester="
        + tester
        + ", license="
        + license
        + '}';
  }

  /**
   * Builds a {@link RequestContext}. Every setter validates its argument and throws {@link
   * IllegalArgumentException} naming the field when it is invalid (see {@link ContextField});
   * {@code null} clears a field. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String traceId;
    private @Nullable String parentId;
    private byte traceFlags;
    private String traceState = "";
    private @Nullable String requestId;
    private @Nullable String userId;
    private @Nullable String accountId;
    private RequestType requestType = RequestType.STANDARD;
    private boolean tester;
    private @Nullable String license;
    private @Nullable RequestJournal journal;

    private Builder() {}

    /** Sets the W3C trace id. */
    public Builder traceId(@Nullable String traceId) {
      this.traceId = checked(ContextField.TRACE_ID, traceId);
      return this;
    }

    /** Sets the W3C parent (span) id of this hop. */
    public Builder parentId(@Nullable String parentId) {
      this.parentId = checked(ContextField.PARENT_ID, parentId);
      return this;
    }

    /** Sets the W3C trace flags. */
    public Builder traceFlags(byte traceFlags) {
      this.traceFlags = traceFlags;
      return this;
    }

    /**
     * Sets the {@code tracestate} to pass on. The value must already be valid W3C tracestate (the
     * codec validates inbound headers); at most 512 characters, no control characters.
     */
    public Builder traceState(@Nullable String traceState) {
      String value = traceState == null ? "" : traceState;
      if (value.length() > 512 || !isVisibleAsciiOrSpace(value)) {
        throw new IllegalArgumentException("invalid trace_state");
      }
      this.traceState = value;
      return this;
    }

    /** Takes trace id, span id and flags from an OpenTelemetry span context, when it is valid. */
    public Builder trace(SpanContext spanContext) {
      if (spanContext.isValid()) {
        this.traceId = spanContext.getTraceId();
        this.parentId = spanContext.getSpanId();
        this.traceFlags = spanContext.getTraceFlags().asByte();
        this.traceState = "";
      }
      return this;
    }

    /** Sets the request id. */
    public Builder requestId(@Nullable String requestId) {
      this.requestId = checked(ContextField.REQUEST_ID, requestId);
      return this;
    }

    /** Sets the user. */
    public Builder userId(@Nullable String userId) {
      this.userId = checked(ContextField.USER_ID, userId);
      return this;
    }

    /** Sets the account. */
    public Builder accountId(@Nullable String accountId) {
      this.accountId = checked(ContextField.ACCOUNT_ID, accountId);
      return this;
    }

    /**
     * Sets a string field to a value the caller has already validated with {@link
     * ContextField#isValid} or produced valid (generated ids, a parsed {@code traceparent}), so the
     * inbound hot path does not check it twice. For this package only; assertions (on in tests)
     * still check it.
     */
    Builder validated(ContextField field, @Nullable String value) {
      assert value == null || field.isValid(value) : "invalid " + field.key();
      switch (field) {
        case TRACE_ID:
          this.traceId = value;
          break;
        case PARENT_ID:
          this.parentId = value;
          break;
        case REQUEST_ID:
          this.requestId = value;
          break;
        case USER_ID:
          this.userId = value;
          break;
        case ACCOUNT_ID:
          this.accountId = value;
          break;
        case LICENSE:
          this.license = value;
          break;
        default:
          throw new IllegalArgumentException(field.key() + " is not a string field");
      }
      return this;
    }

    /** Sets the request type. */
    public Builder requestType(RequestType requestType) {
      this.requestType = Objects.requireNonNull(requestType, "request_type");
      return this;
    }

    /** Marks the account as a tester account (or not). */
    public Builder tester(boolean tester) {
      this.tester = tester;
      return this;
    }

    /** Sets the licence tier. */
    public Builder license(@Nullable String license) {
      this.license = checked(ContextField.LICENSE, license);
      return this;
    }

    /**
     * Builds the context; a builder from {@link RequestContext#toBuilder()} keeps the request's
     * journal.
     */
    public RequestContext build() {
      return buildWith(journal == null ? RequestJournal.create() : journal);
    }

    private RequestContext buildWith(RequestJournal journal) {
      return new RequestContext(this, journal);
    }

    private static @Nullable String checked(ContextField field, @Nullable String value) {
      if (value != null && !field.isValid(value)) {
        throw new IllegalArgumentException("invalid " + field.key());
      }
      return value;
    }

    private static boolean isVisibleAsciiOrSpace(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          return false;
        }
      }
      return true;
    }
  }
}
