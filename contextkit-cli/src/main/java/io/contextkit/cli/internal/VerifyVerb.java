package io.contextkit.cli.internal;

import io.contextkit.ContextField;
import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.TraceActivation;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.InboundTrust;
import io.contextkit.trust.SignatureFailure;
import io.contextkit.trust.SignedFields;
import io.contextkit.trust.SigningKeys;
import io.contextkit.trust.TrustPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code contextkit verify}: reads a header set and explains what a ContextKit service holding the
 * given keys makes of it. The verdict is core's own: the headers go through {@link
 * ContextPropagator#extract} exactly as a service's inbound request does, from a peer that is not
 * trusted, so only the signature can make the fields count.
 */
public final class VerifyVerb implements Verb {

  static final String NAME = "verify";

  private static final Set<String> VALUED =
      Set.of(
          "-H",
          "--header",
          SigningKeyOptions.KEY_ID,
          SigningKeyOptions.KEY_FILE,
          "--clock-skew",
          "--signature-header",
          "--request-id-header");
  private static final Set<String> REPEATABLE =
      Set.of("-H", "--header", SigningKeyOptions.KEY_ID, SigningKeyOptions.KEY_FILE);

  /** A peer no service is configured to trust: only a valid signature can make fields count. */
  private static final InboundPeer STRANGER = InboundPeer.ofAddress(null);

  private static final ContextField[] SIGNED_FIELDS = {
    ContextField.TRACE_ID,
    ContextField.REQUEST_ID,
    ContextField.USER_ID,
    ContextField.ACCOUNT_ID,
    ContextField.TESTER,
    ContextField.LICENSE,
    ContextField.REQUEST_TYPE
  };

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "explain a signed header set: each field, trusted or not, and why";
  }

  @Override
  public String usage() {
    return String.join(
        "\n",
        "Usage: contextkit verify [--key-id ID --key-file FILE]... [-H 'name: value']...",
        "",
        "Reads a header set - from standard input, one 'name: value' per line exactly as",
        "'contextkit headers' prints them, or from -H arguments - and explains what a",
        "ContextKit service holding the given keys makes of it: every signed field (trace_id,",
        "request_id, user_id, account_id, tester, license, request_type), whether the service",
        "trusts it, and why a signature fails: MALFORMED (not the v1 syntax), UNKNOWN_KEY (key id",
        "not among the given keys), BAD_SIGNATURE (a field, the key or the request differs from",
        "what was signed) or EXPIRED. The verdict comes from the same code a service runs.",
        "",
        "Options:",
        "  --key-id ID --key-file FILE  a key the service accepts (raw bytes, at least 32);",
        "                               repeat the pair for a key ring",
        "  -H, --header 'name: value'   a header; when given, standard input is not read",
        "  --message                    check as a consumer of a message does: a producer's",
        "                               message signature is accepted, and an authentic",
        "                               expired one keeps trace_id, request_id, request_type",
        "  --clock-skew DURATION        how far past its expiry a service still accepts a",
        "                               signature (default 30s, as the services)",
        "  --signature-header N         if the services renamed contextkit-signature",
        "  --request-id-header N        if the services renamed x-request-id",
        "",
        "Exit 0 only when the signature is valid and the service accepts every signed field;",
        "1 otherwise (no signature, a failure above, a field the service would drop or a",
        "request_type it answers with 400).",
        "",
        "Examples:",
        "  contextkit headers --user tess --trace --key-id demo --key-file demo.key \\",
        "    | contextkit verify --key-id demo --key-file demo.key",
        "  contextkit verify --key-id demo --key-file demo.key \\",
        "    -H 'baggage: user_id=tess,request_type=TRACE' -H 'contextkit-signature: v1;kid=...'");
  }

  @Override
  public int run(List<String> args, Io io) throws UsageException, IOException {
    Options options = Options.parse(NAME, args, VALUED, REPEATABLE, Set.of("--message"), false);
    boolean message = options.flag("--message");
    Duration skew =
        options.value("--clock-skew") == null
            ? ContextSignature.DEFAULT_CLOCK_SKEW
            : Durations.parse("--clock-skew", options.value("--clock-skew"));
    List<String> headerArgs = new ArrayList<>(options.values("-H"));
    headerArgs.addAll(options.values("--header"));
    SigningKeys keys = SigningKeyOptions.read(NAME, options, io);
    TrustPolicy.Builder trust = TrustPolicy.builder();
    if (keys != null) {
      try {
        trust.signature(ContextSignature.builder(keys).clockSkew(skew).clock(io.clock()).build());
      } catch (IllegalArgumentException e) {
        throw new UsageException("--clock-skew: " + Escape.text(String.valueOf(e.getMessage())));
      }
    }
    ContextPropagator propagator = HeadersVerb.propagator(options, trust);

    HeaderSet headers;
    if (headerArgs.isEmpty()) {
      headers = HeaderSet.parse(readInput(io));
    } else {
      headers = new HeaderSet();
      for (int i = 0; i < headerArgs.size(); i++) {
        headers.addLine(headerArgs.get(i), "-H argument " + (i + 1));
      }
    }
    return explain(headers, propagator, keys, skew, message, io);
  }

  private static int explain(
      HeaderSet headers,
      ContextPropagator propagator,
      @Nullable SigningKeys keys,
      Duration skew,
      boolean message,
      Io io) {
    var out = io.out();
    out.println("headers");
    for (HeaderSet.Field field : headers.fields()) {
      out.println("  " + Escape.text(field.name()) + ": " + Escape.text(field.value()));
    }
    if (headers.fields().isEmpty()) {
      out.println("  (none)");
    }
    for (String problem : headers.problems()) {
      out.println("  ignored: " + problem);
    }

    SignedFields claims = propagator.claimedFields(headers, HeaderSet.GETTER);
    InboundContext inbound =
        message
            ? propagator.extractMessage(headers, HeaderSet.GETTER, STRANGER)
            : propagator.extract(headers, HeaderSet.GETTER, STRANGER);
    InboundTrust trust = inbound.trust();
    String signatureHeader = propagator.signatureHeader();
    List<String> signatures = headers.values(signatureHeader);
    String header = signatures.isEmpty() ? null : signatures.get(0);

    out.println();
    out.println("signature (" + signatureHeader + ")");
    String verdict;
    if (header == null) {
      out.println("  absent: nothing is signed; a service trusts these fields only from a");
      out.println("  configured trusted peer");
      verdict = "NOT SIGNED";
    } else {
      if (signatures.size() > 1) {
        out.println(
            "  note: "
                + signatures.size()
                + " signature headers; a service reads the first one only");
      }
      Optional<ContextSignature.Header> parts = ContextSignature.parseHeader(header);
      if (parts.isPresent()) {
        ContextSignature.Header parsed = parts.get();
        out.println(
            "  key id     "
                + parsed.keyId()
                + (keys == null
                    ? " (no key given)"
                    : keys.contains(parsed.keyId()) ? " (given)" : " (not among the given keys)"));
        out.println(
            "  expires    " + parsed.expiresAt() + " (" + relative(parsed.expiresAt(), io) + ")");
      }
      SignatureFailure failure = trust.signatureFailure();
      if (trust.reason() == InboundTrust.Reason.VALID_SIGNATURE) {
        out.println("  verdict    VALID: the MAC matches the fields below");
        verdict = "VALID";
      } else {
        SignatureFailure reason = failure == null ? SignatureFailure.MALFORMED : failure;
        out.println(
            "  verdict    " + reason + ": " + why(reason, header, parts, keys, skew, message, io));
        verdict = reason.name();
      }
    }

    boolean trusted = trust.accepted();
    // An authentic message signature that expired in the broker: correlation and the TRACE ask
    // are kept, identity is not.
    boolean expiredMessage = trust.reason() == InboundTrust.Reason.AUTHENTIC_EXPIRED_MESSAGE;
    boolean refused = false;
    out.println();
    out.println("fields, as a service holding these keys reads them");
    for (ContextField field : SIGNED_FIELDS) {
      String claimed = claimed(claims, field);
      String fate;
      if (claimed == null) {
        fate = field == ContextField.REQUEST_ID ? "absent: the service generates one" : "";
        if (field == ContextField.TRACE_ID) {
          fate = "absent or invalid traceparent: the service starts a new trace";
        }
      } else if (expiredMessage
          && (field == ContextField.TRACE_ID
              || field == ContextField.REQUEST_ID
              || field == ContextField.REQUEST_TYPE)) {
        fate =
            field == ContextField.REQUEST_TYPE
                    && inbound.traceActivation() == TraceActivation.ACCEPTED
                ? "kept (authentic, expired message): runs as TRACE"
                : "kept (authentic, expired message)";
      } else if (expiredMessage) {
        fate = "dropped: the message signature expired";
        refused = true;
      } else if (!trusted) {
        fate = untrustedFate(field);
        refused |= field.privileged() || field == ContextField.REQUEST_ID;
      } else if (field == ContextField.REQUEST_TYPE) {
        // The service's own reading: case and surrounding blanks do not matter, anything else
        // than STANDARD or TRACE is a 400.
        TraceActivation activation = inbound.traceActivation();
        if (activation == TraceActivation.MALFORMED) {
          fate = "refused: not STANDARD or TRACE, the service answers 400";
          refused = true;
        } else if (activation == TraceActivation.ACCEPTED) {
          fate = "trusted: runs as TRACE (everything runs, nothing persists)";
        } else {
          fate = "trusted";
        }
      } else if (field != ContextField.TESTER && !field.isValid(claimed)) {
        fate = "signed but invalid: the service drops it";
        refused = true;
      } else {
        fate = "trusted";
      }
      out.printf(
          "  %-13s %-34s %s%n",
          field.key(), claimed == null ? "(absent)" : Escape.text(claimed), fate);
    }

    boolean valid = trust.reason() == InboundTrust.Reason.VALID_SIGNATURE && !refused;
    out.println();
    out.println(
        valid
            ? "VALID: a service holding key '" + keyIdOf(header) + "' trusts these fields."
            : "NOT VALID ("
                + verdict
                + (verdict.equals("VALID") ? ", but a field is refused" : "")
                + "): a service does not take these fields as sent.");
    out.flush();
    return valid ? ExitCode.OK : ExitCode.FAILED;
  }

  private static String keyIdOf(@Nullable String header) {
    return ContextSignature.parseHeader(header).map(ContextSignature.Header::keyId).orElse("?");
  }

  private static @Nullable String claimed(SignedFields claims, ContextField field) {
    switch (field) {
      case TRACE_ID:
        return claims.traceId();
      case REQUEST_ID:
        return claims.requestId();
      case USER_ID:
        return claims.userId();
      case ACCOUNT_ID:
        return claims.accountId();
      case TESTER:
        return claims.tester() ? "true" : null;
      case LICENSE:
        return claims.license();
      case REQUEST_TYPE:
        return claims.requestType();
      default:
        throw new AssertionError(field);
    }
  }

  private static String untrustedFate(ContextField field) {
    switch (field) {
      case TRACE_ID:
        return "untrusted: trace restarted (continued, unsampled, under"
            + " untrusted-trace-id-mode=continue)";
      case REQUEST_ID:
        return "untrusted: replaced by a generated id";
      case REQUEST_TYPE:
        return "untrusted: TRACE gets 403 unless the authenticated caller holds the TRACE"
            + " permission";
      default:
        return "untrusted: dropped (taken from the authenticated caller instead)";
    }
  }

  private static String why(
      SignatureFailure failure,
      String header,
      Optional<ContextSignature.Header> parts,
      @Nullable SigningKeys keys,
      Duration skew,
      boolean message,
      Io io) {
    switch (failure) {
      case MALFORMED:
        return "not of the form v1;kid=<key id>;exp=<epoch seconds>;sig=<base64url>"
            + malformedHint(header);
      case UNKNOWN_KEY:
        if (keys == null) {
          return "no key given: pass --key-id "
              + parts.map(ContextSignature.Header::keyId).orElse("ID")
              + " --key-file FILE to check the MAC";
        }
        return "signed with key id '"
            + parts.map(ContextSignature.Header::keyId).orElse("?")
            + "', the keys given are "
            + keys.keyIds();
      case BAD_SIGNATURE:
        return "the MAC does not match these fields under this key: a signed field (trace id,"
            + " request id, user_id, account_id, tester, license, request_type) or the expiry was"
            + " changed, added or removed after signing, or the key file is not the signer's"
            + (message
                ? ""
                : "; headers taken from a message (signed by a producer) verify only with"
                    + " --message");
      case EXPIRED:
        Instant expiry = parts.map(ContextSignature.Header::expiresAt).orElse(Instant.EPOCH);
        return "authentic, but it expired "
            + relative(expiry, io)
            + " and a service accepts it only up to "
            + skew.toSeconds()
            + " s after expiry"
            + (message
                ? "; a consumer keeps the message's trace_id, request_id and request_type and"
                    + " drops the rest"
                : "; mint a new one");
      default:
        throw new AssertionError(failure);
    }
  }

  private static String malformedHint(String header) {
    if (header.length() > ContextSignature.MAX_HEADER_LENGTH) {
      return " (it is "
          + header.length()
          + " characters long; at most "
          + ContextSignature.MAX_HEADER_LENGTH
          + " are read)";
    }
    if (!header.strip().startsWith("v1;kid=")) {
      return " (it does not start with v1;kid=)";
    }
    if (!header.contains(";exp=")) {
      return " (there is no ;exp=)";
    }
    if (!header.contains(";sig=")) {
      return " (there is no ;sig=)";
    }
    return " (key id [A-Za-z0-9._-]{1,32}, exp 1 to 12 digits without leading zeros, sig"
        + " canonical unpadded base64url, nothing else)";
  }

  private static String relative(Instant instant, Io io) {
    long seconds = Duration.between(io.clock().instant(), instant).toSeconds();
    return seconds >= 0 ? "in " + seconds + " s" : -seconds + " s ago";
  }

  private static String readInput(Io io) throws IOException, UsageException {
    InputStream in = io.in();
    Reader reader =
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    char[] buffer = new char[HeaderSet.MAX_CHARS + 1];
    int length = 0;
    int read;
    while (length < buffer.length
        && (read = reader.read(buffer, length, buffer.length - length)) != -1) {
      length += read;
    }
    if (length > HeaderSet.MAX_CHARS) {
      throw new UsageException(
          "standard input is longer than " + HeaderSet.MAX_CHARS + " characters: not a header set");
    }
    return new String(buffer, 0, length);
  }
}
