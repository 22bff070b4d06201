package io.contextkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generated baggage against the activation rule: a TRACE signal in any form — the key in any ASCII
 * case or percent-encoded, the value in any case or encoding, with whitespace or properties,
 * repeated, mixed with valid and invalid members, pushed past the member and byte caps, spread over
 * several headers — never yields a STANDARD request; and, for headers within the caps, the outcome
 * is exactly what a small independent model of the grammar predicts.
 *
 * <p>Plain JUnit over a seeded {@link SplittableRandom}: {@value #RUNS} header sets per property.
 * The seed is random per run and printed with any failure; rerun one with {@code
 * -Dcontextkit.activation.seed=<seed>}.
 */
class TraceActivationPropertiesTest {

  private static final int RUNS = 20_000;
  private static final String NAME = "request_type";
  private static final InboundPeer SIDECAR = InboundPeer.ofAddress("10.1.2.3");
  private static final InboundPeer STRANGER = InboundPeer.ofAddress("203.0.113.9");
  private static final Pattern PLAIN =
      Pattern.compile("request_type[ \\t]*=[ \\t]*(TRACE|STANDARD)");

  private static final String[] JUNK = {
    "=x",
    "%zz=1",
    "a=%",
    "a=%4",
    "a=b c",
    "a=\"q\"",
    "(k)=1",
    "novalue",
    "k=v;p q",
    "k=v;=x",
    "k=caf\u00e9",
    "k=%C0%80",
    ";;",
    " ",
    "",
    "\t",
  };

  private static final String[] LOOKALIKES = {
    "x_request_type",
    "request_type2",
    "request_types",
    "request-type",
    "requesttype",
    "_request_type",
  };

  private final ContextPropagator propagator =
      ContextPropagator.builder()
          .trustPolicy(
              TrustPolicy.builder()
                  .trustedPeers(TrustedPeers.builder().address("10.0.0.0/8").build())
                  .build())
          .build();

  private static long seed() {
    Long fixed = Long.getLong("contextkit.activation.seed");
    return fixed != null ? fixed : new SplittableRandom().nextLong();
  }

  @Test
  void aTraceSignalInAnyFormNeverYieldsAStandardRequest() {
    long seed = seed();
    SplittableRandom random = new SplittableRandom(seed);
    for (int run = 0; run < RUNS; run++) {
      List<String> headers = headersWithTraceSignal(random);
      boolean trusted = random.nextBoolean();

      InboundContext in = extract(headers, trusted);
      InboundContext permitted = in.withIdentity(new Identity("qa", null, true, null, true));

      TraceActivation activation = in.traceActivation();
      boolean holds =
          activation != TraceActivation.NOT_REQUESTED
              && in.context().isTrace() == (activation == TraceActivation.ACCEPTED)
              && permitted.traceActivation() != TraceActivation.NOT_REQUESTED
              && (activation != TraceActivation.MALFORMED
                  || (permitted.traceActivation() == TraceActivation.MALFORMED
                      && !permitted.context().isTrace()));
      if (!holds) {
        fail(
            activation
                + " (with the TRACE permission: "
                + permitted.traceActivation()
                + ") for "
                + describe(seed, run, headers, trusted));
      }
    }
  }

  @Test
  void withinTheCapsTheOutcomeIsExactlyWhatTheGrammarSays() {
    long seed = seed();
    SplittableRandom random = new SplittableRandom(seed);
    int[] outcomes = new int[TraceActivation.values().length];
    for (int run = 0; run < RUNS; run++) {
      List<String> headers = headersWithinCaps(random);
      boolean trusted = random.nextBoolean();

      TraceActivation actual = extract(headers, trusted).traceActivation();

      TraceActivation expected = expected(headers, trusted);
      if (actual != expected) {
        fail(
            actual + " but expected " + expected + " for " + describe(seed, run, headers, trusted));
      }
      outcomes[actual.ordinal()]++;
    }
    // The generator reaches every outcome, so the model is exercised on each.
    for (TraceActivation activation : TraceActivation.values()) {
      assertThat(outcomes[activation.ordinal()]).as(activation.name()).isGreaterThan(RUNS / 50);
    }
  }

  private InboundContext extract(List<String> headers, boolean trusted) {
    Headers carrier = new Headers();
    for (String value : headers) {
      carrier.add("baggage", value);
    }
    return propagator.extract(carrier, Headers.GETTER, trusted ? SIDECAR : STRANGER);
  }

  // ---- the model of the grammar (independent of the parser: plain string handling) ----

  private static TraceActivation expected(List<String> headers, boolean trusted) {
    int named = 0;
    String plainValue = null;
    for (String header : headers) {
      for (String member : header.split(",", -1)) {
        String trimmed = trimOws(member);
        if (trimmed.isEmpty()) {
          continue;
        }
        int keyEnd = trimmed.length();
        for (int i = 0; i < trimmed.length(); i++) {
          if (trimmed.charAt(i) == '=' || trimmed.charAt(i) == ';') {
            keyEnd = i;
            break;
          }
        }
        String key = trimOws(trimmed.substring(0, keyEnd));
        if (percentDecodeAscii(key).toLowerCase(Locale.ROOT).equals(NAME)) {
          named++;
          var plain = PLAIN.matcher(trimmed);
          plainValue = plain.matches() ? plain.group(1) : null;
        }
      }
    }
    if (named == 0) {
      return TraceActivation.NOT_REQUESTED;
    }
    if (named > 1 || plainValue == null) {
      return TraceActivation.MALFORMED;
    }
    if (plainValue.equals("STANDARD")) {
      return TraceActivation.NOT_REQUESTED;
    }
    return trusted ? TraceActivation.ACCEPTED : TraceActivation.UNTRUSTED;
  }

  private static String trimOws(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  private static String percentDecodeAscii(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.append((char) (hi * 16 + lo));
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  // ---- generators ----

  /** One to three headers, at least one TRACE signal somewhere, caps often exceeded. */
  private static List<String> headersWithTraceSignal(SplittableRandom random) {
    List<List<String>> headers = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int h = 0; h < count; h++) {
      List<String> members = new ArrayList<>();
      int size = random.nextInt(random.nextInt(5) == 0 ? 120 : 12);
      for (int i = 0; i < size; i++) {
        members.add(noise(random, true));
      }
      headers.add(members);
    }
    int signals = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
    for (int s = 0; s < signals; s++) {
      List<String> members = headers.get(random.nextInt(headers.size()));
      members.add(random.nextInt(members.size() + 1), traceSignal(random));
    }
    return join(headers);
  }

  /** One to three small headers (always within the default caps), with or without a signal. */
  private static List<String> headersWithinCaps(SplittableRandom random) {
    List<List<String>> headers = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int h = 0; h < count; h++) {
      List<String> members = new ArrayList<>();
      int size = random.nextInt(8);
      for (int i = 0; i < size; i++) {
        members.add(noise(random, false));
      }
      headers.add(members);
    }
    int signals = random.nextInt(10) < 7 ? 1 : random.nextInt(3);
    for (int s = 0; s < signals; s++) {
      List<String> members = headers.get(random.nextInt(headers.size()));
      String signal =
          switch (random.nextInt(4)) {
            case 0 -> ows(random) + NAME + ows(random) + "=" + ows(random) + "TRACE" + ows(random);
            case 1 ->
                ows(random) + NAME + ows(random) + "=" + ows(random) + "STANDARD" + ows(random);
            case 2 -> traceSignal(random);
            default -> NAME + "=" + mangle(random, "STANDARD");
          };
      members.add(random.nextInt(members.size() + 1), signal);
    }
    return join(headers);
  }

  private static List<String> join(List<List<String>> headers) {
    List<String> out = new ArrayList<>(headers.size());
    for (List<String> members : headers) {
      out.add(String.join(",", members));
    }
    return out;
  }

  /** A member that is not the signal: valid, invalid, a lookalike key, or (if allowed) padding. */
  private static String noise(SplittableRandom random, boolean padding) {
    return switch (random.nextInt(padding ? 6 : 5)) {
      case 0, 1 -> ows(random) + "k" + random.nextInt(1000) + ows(random) + "=v" + random.nextInt();
      case 2 -> JUNK[random.nextInt(JUNK.length)];
      case 3 -> LOOKALIKES[random.nextInt(LOOKALIKES.length)] + "=TRACE";
      case 4 -> "k=v;" + NAME + "=TRACE"; // a property, not a member
      default -> "pad=" + "x".repeat(random.nextInt(4000));
    };
  }

  /** {@code request_type=TRACE} in one of its many spellings, any of which means TRACE. */
  private static String traceSignal(SplittableRandom random) {
    String key = random.nextInt(3) == 0 ? NAME : mangle(random, NAME);
    String value = random.nextInt(3) == 0 ? "TRACE" : mangle(random, "TRACE");
    StringBuilder out = new StringBuilder();
    out.append(ows(random)).append(key).append(ows(random)).append('=').append(ows(random));
    out.append(value).append(ows(random));
    switch (random.nextInt(8)) {
      case 0 -> out.append(";p=1");
      case 1 -> out.append(';');
      case 2 -> out.append(";").append(NAME).append("=STANDARD");
      case 3 -> out.append(" junk");
      default -> {}
    }
    return out.toString();
  }

  /** {@code text} with some characters in the other ASCII case and some percent-encoded. */
  private static String mangle(SplittableRandom random, String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (random.nextInt(4)) {
        case 0 -> out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : upper(c));
        case 1 -> {
          String hex = String.format("%%%02X", (int) c);
          out.append(random.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT));
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? Character.toUpperCase(c) : c;
  }

  private static String ows(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> " ";
      case 1 -> "\t";
      case 2 -> "  ";
      default -> "";
    };
  }

  private static String describe(long seed, int run, List<String> headers, boolean trusted) {
    StringBuilder out = new StringBuilder();
    out.append("seed=").append(seed).append(" run=").append(run);
    out.append(trusted ? " trusted" : " untrusted").append(" baggage headers:");
    for (String header : headers) {
      out.append("\n  [");
      for (int i = 0; i < header.length(); i++) {
        char c = header.charAt(i);
        int xs = i;
        while (xs < header.length() && header.charAt(xs) == 'x') {
          xs++;
        }
        if (xs - i > 16) {
          // The padding, shortened so that the message stays readable.
          out.append("x{").append(xs - i).append('}');
          i = xs - 1;
        } else if (c < 0x20 || c > 0x7e) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      out.append("] (").append(header.length()).append(" chars)");
    }
    return out.toString();
  }
}
