package io.contextkit.cli.internal;

import io.contextkit.ContextPropagator;
import io.contextkit.RequestContext;
import io.contextkit.RequestType;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.OutboundPolicy;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.w3c.Ids;
import io.contextkit.w3c.TraceParent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code contextkit headers}: prints the signed context headers a ContextKit service accepts from a
 * caller it does not otherwise trust. The headers are written by core's own {@link
 * ContextPropagator} (the code every service uses for its outbound calls), signed by core's {@link
 * ContextSignature}; this verb only builds the context from the options.
 */
public final class HeadersVerb implements Verb {

  static final String NAME = "headers";

  private static final Set<String> VALUED =
      Set.of(
          "--user",
          "--account",
          "--license",
          "--request-id",
          "--trace-id",
          SigningKeyOptions.KEY_ID,
          SigningKeyOptions.KEY_FILE,
          "--ttl",
          "--signature-header",
          "--request-id-header");
  private static final Set<String> SWITCHES = Set.of("--trace", "--tester", "--message");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "print signed context headers (user, account, TRACE ...) for curl";
  }

  @Override
  public String usage() {
    return String.join(
        "\n",
        "Usage: contextkit headers [options] --key-id ID --key-file FILE",
        "",
        "Prints the context headers of one request, signed with the deployment's key, one",
        "'name: value' per line: traceparent, x-request-id, baggage (user_id, account_id,",
        "request_type, tester, license) and contextkit-signature. A ContextKit service that",
        "has the same key accepts these fields from any caller (no trusted peer, no security",
        "framework needed); changing any of them breaks the signature.",
        "",
        "Context:",
        "  --user ID              user_id the request runs as",
        "  --account ID           account_id (tenant)",
        "  --tester               mark the user as a tester account (tester=true)",
        "  --license TIER         license tier ([A-Za-z0-9._-], up to 64 characters)",
        "  --trace                request_type=TRACE: run everything, persist nothing",
        "                         (default: request_type=STANDARD)",
        "  --request-id ID        x-request-id (default: a new random id)",
        "  --trace-id ID          W3C trace id to continue, 32 lowercase hex (default: new trace)",
        "Signing:",
        "  --key-id ID            the key id the services sign with",
        "                         (contextkit.trust.signing.active-key-id)",
        "  --key-file FILE        file holding the raw key bytes, at least 32; the services'",
        "                         base64 value decodes with: base64 -d <<< 'KEY' > FILE",
        "  --ttl DURATION         how long the signature stays valid: 60s (default), 5m, 1h,",
        "                         up to 1d; services add their clock skew (default 30s)",
        "  --message              sign for a message (a Kafka record, a JMS or AMQP message),",
        "                         as a producer does: valid 1h by default (--ttl changes it),",
        "                         accepted by consumers only, never on a request",
        "  --signature-header N   if the services renamed contextkit-signature",
        "  --request-id-header N  if the services renamed x-request-id",
        "",
        "With curl (-H @- reads one header per line from standard input):",
        "  contextkit headers --user tess --tester --trace --key-id demo --key-file demo.key \\",
        "    | curl -si -H @- -H 'Content-Type: application/json' \\",
        "        -d '{\"sku\":\"ABC-1\",\"quantity\":2}' http://localhost:8080/orders",
        "When curl's standard input is taken (-d @-), use process substitution instead:",
        "  curl -si -H @<(contextkit headers --user tess --trace --key-id demo --key-file demo.key) \\",
        "    -d @order.json http://localhost:8080/orders",
        "",
        "Check what a service will make of them: contextkit headers ... | contextkit verify"
            + " --key-id demo --key-file demo.key");
  }

  @Override
  public int run(List<String> args, Io io) throws UsageException, IOException {
    Options options = Options.parse(NAME, args, VALUED, Set.of(), SWITCHES, false);
    options.required(NAME, SigningKeyOptions.KEY_ID);
    options.required(NAME, SigningKeyOptions.KEY_FILE);
    boolean message = options.flag("--message");
    Duration ttl =
        options.value("--ttl") == null
            ? (message ? ContextSignature.DEFAULT_MESSAGE_TTL : ContextSignature.DEFAULT_TTL)
            : Durations.parse("--ttl", options.value("--ttl"));

    RequestContext context = context(options);
    SigningKeys keys = SigningKeyOptions.read(NAME, options, io);
    ContextSignature signature;
    try {
      ContextSignature.Builder builder = ContextSignature.builder(keys).clock(io.clock());
      signature = (message ? builder.messageTtl(ttl) : builder.ttl(ttl)).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--ttl: " + Escape.text(String.valueOf(e.getMessage())));
    }
    ContextPropagator propagator = propagator(options, TrustPolicy.builder().signature(signature));

    HeaderSet headers = new HeaderSet();
    // FULL: exactly what a service sends a host inside its trust boundary.
    if (message) {
      propagator.injectMessage(context, headers, HeaderSet.SETTER, OutboundPolicy.FULL);
    } else {
      propagator.inject(context, headers, HeaderSet.SETTER, OutboundPolicy.FULL);
    }
    io.out().print(headers.format());
    io.out().flush();
    return ExitCode.OK;
  }

  /** A propagator with the header names of {@code options} and the given trust policy. */
  static ContextPropagator propagator(Options options, TrustPolicy.Builder trust)
      throws UsageException {
    ContextPropagator.Builder builder = ContextPropagator.builder().trustPolicy(trust.build());
    try {
      apply(options.value("--signature-header"), builder::signatureHeader);
      apply(options.value("--request-id-header"), builder::requestIdHeader);
    } catch (IllegalArgumentException e) {
      throw new UsageException(Escape.text(String.valueOf(e.getMessage())));
    }
    return builder.build();
  }

  private static void apply(String value, Consumer<String> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private static RequestContext context(Options options) throws UsageException {
    RequestContext.Builder b = RequestContext.builder();
    String traceId = options.value("--trace-id");
    int flags = TraceParent.FLAG_SAMPLED;
    if (traceId == null) {
      traceId = Ids.randomTraceId();
      // The id really is random, so the W3C Level 2 random flag may be set.
      flags |= TraceParent.FLAG_RANDOM;
    }
    String requestId = options.value("--request-id");
    set("--trace-id", traceId, b::traceId);
    set("--request-id", requestId == null ? Ids.randomTraceId() : requestId, b::requestId);
    set("--user", options.value("--user"), b::userId);
    set("--account", options.value("--account"), b::accountId);
    set("--license", options.value("--license"), b::license);
    b.parentId(Ids.randomSpanId());
    b.traceFlags((byte) flags);
    b.tester(options.flag("--tester"));
    b.requestType(options.flag("--trace") ? RequestType.TRACE : RequestType.STANDARD);
    return b.build();
  }

  private static void set(String option, String value, Consumer<String> setter)
      throws UsageException {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          option + " " + Escape.quoted(value) + " is not valid: " + rule(option));
    }
  }

  private static String rule(String option) {
    switch (option) {
      case "--trace-id":
        return "32 lowercase hex characters, not all zero";
      case "--request-id":
        return "1 to 128 visible ASCII characters except \" and \\";
      case "--license":
        return "1 to 64 characters of A-Z a-z 0-9 . _ -";
      default:
        return "1 to 256 characters, no control characters, no leading or trailing blanks";
    }
  }
}
