package io.contextkit.stress;

import static io.contextkit.testing.property.Gen.weighted;

import io.contextkit.ContextPropagator;
import io.contextkit.testing.property.Alphabet;
import io.contextkit.testing.property.Choices;
import io.contextkit.testing.property.Gen;
import io.contextkit.testing.property.Mutations;
import io.contextkit.testing.property.Text;
import io.contextkit.testing.property.W3cHeaders;
import io.contextkit.trust.ContextSignature;
import io.contextkit.trust.SignedFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Generated and mutated inbound header sets, from context-core's property generators: a context as
 * an internal hop would send it (traceparent, tracestate, baggage with identity and foreign
 * members, x-request-id, and in most sets a genuine signature over it), then some headers mutated
 * or split into several values, some signatures forged with a key the receiver does not hold.
 */
final class HeaderSets {

  /** How a set's signature was made. */
  enum Signing {
    /** No signature header. */
    NONE,
    /** Signed with the receiver's key over the unmutated headers. */
    GENUINE,
    /** Signed with another secret under the receiver's key id. */
    FORGED
  }

  /**
   * One header set.
   *
   * @param headers the headers as sent: name and value pairs, names repeated for split values
   * @param signing how the signature was made
   * @param signed the fields the genuine signature covers, or null
   * @param mutated whether any header was mutated after signing
   */
  record HeaderSet(
      List<Map.Entry<String, String>> headers,
      Signing signing,
      @Nullable SignedFields signed,
      boolean mutated) {

    HeaderMap carrier() {
      HeaderMap map = new HeaderMap();
      headers.forEach(e -> map.add(e.getKey(), e.getValue()));
      return map;
    }
  }

  private final ContextPropagator receiver;
  private final ContextSignature genuine;
  private final ContextSignature forged;

  private final Gen<String> traceparents = W3cHeaders.traceparents();
  private final Gen<String> tracestates = W3cHeaders.tracestates();
  private final Gen<String> foreignBaggage = W3cHeaders.rawBaggageMembers();
  private final Gen<String> ids =
      Alphabet.of("abcdefghijklmnopqrstuvwxyz0123456789-_.@").strings(1, 24);
  private final Gen<String> oddText = Text.unicodeText(1, 4);
  private final Gen<String> requestIds =
      Gen.frequency(
          weighted(6, Alphabet.LOWER_HEX.strings(32)),
          weighted(2, Alphabet.PRINTABLE.strings(1, 80)),
          weighted(1, Alphabet.ALL.strings(0, 40)));
  private final Gen<List<Mutations.Mutation>> mutations = Mutations.mutations(2);
  private final Gen<List<Integer>> cuts = Mutations.splits();
  private final Gen<Boolean> coin = Gen.booleans();
  private final Gen<Integer> percent = Gen.ints(0, 99);

  HeaderSets(ContextPropagator receiver, ContextSignature genuine, ContextSignature forged) {
    this.receiver = receiver;
    this.genuine = genuine;
    this.forged = forged;
  }

  /** The header set for {@code seed}: the same seed gives the same set. */
  HeaderSet generate(long seed) {
    Choices c = Choices.random(seed);
    List<Map.Entry<String, String>> clean = new ArrayList<>();
    if (percent.generate(c) < 90) {
      clean.add(
          Map.entry(coin.generate(c) ? "traceparent" : "TraceParent", traceparents.generate(c)));
    }
    if (percent.generate(c) < 60) {
      clean.add(Map.entry("tracestate", tracestates.generate(c)));
    }
    if (percent.generate(c) < 90) {
      clean.add(Map.entry("baggage", baggage(c)));
    }
    if (percent.generate(c) < 80) {
      clean.add(Map.entry("x-request-id", requestIds.generate(c)));
    }
    int p = percent.generate(c);
    Signing signing = p < 60 ? Signing.GENUINE : p < 85 ? Signing.FORGED : Signing.NONE;
    SignedFields signed = null;
    if (signing != Signing.NONE) {
      HeaderMap carrier = new HeaderMap();
      clean.forEach(e -> carrier.add(e.getKey(), e.getValue()));
      SignedFields claimed = receiver.claimedFields(carrier, HeaderMap.GETTER);
      if (signing == Signing.GENUINE) {
        signed = claimed;
        clean.add(Map.entry(ContextPropagator.SIGNATURE_HEADER, genuine.sign(claimed)));
      } else {
        clean.add(Map.entry(ContextPropagator.SIGNATURE_HEADER, forged.sign(claimed)));
      }
    }
    // Mutate after signing: a mutation that changes a signed field must fail verification.
    List<Map.Entry<String, String>> sent = new ArrayList<>();
    boolean mutated = false;
    for (Map.Entry<String, String> header : clean) {
      List<Mutations.Mutation> edits = mutations.generate(c);
      String value = Mutations.mutate(header.getValue(), edits);
      mutated |= !value.equals(header.getValue());
      List<String> values =
          percent.generate(c) < 15 ? Mutations.split(value, cuts.generate(c)) : List.of(value);
      mutated |= values.size() > 1;
      for (String v : values) {
        sent.add(Map.entry(header.getKey(), v));
      }
    }
    return new HeaderSet(sent, signing, signed, mutated);
  }

  /** Identity and request-type members as an internal hop sends them, plus foreign members. */
  private String baggage(Choices c) {
    List<String> members = new ArrayList<>();
    if (percent.generate(c) < 85) {
      members.add("user_id=" + identity(c));
    }
    if (percent.generate(c) < 50) {
      members.add("account_id=" + identity(c));
    }
    int type = percent.generate(c);
    if (type < 40) {
      members.add("request_type=TRACE");
    } else if (type < 60) {
      members.add("request_type=STANDARD");
    }
    if (percent.generate(c) < 20) {
      members.add("tester=true");
    }
    if (percent.generate(c) < 20) {
      members.add("license=" + identity(c));
    }
    int foreign = percent.generate(c) % 4;
    for (int i = 0; i < foreign; i++) {
      members.add(foreignBaggage.generate(c));
    }
    java.util.Collections.rotate(members, percent.generate(c));
    return String.join(",", members);
  }

  private String identity(Choices c) {
    return percent.generate(c) < 85
        ? ids.generate(c)
        : Text.percentEncode(
            oddText.generate(c).getBytes(java.nio.charset.StandardCharsets.UTF_8),
            coin.generate(c));
  }

  /** The weights of the generators above, for the record. */
  static String describe() {
    return "traceparent 90 %, tracestate 60 %, baggage 90 % (user_id 85 %, account_id 50 %,"
        + " request_type TRACE 40 % / STANDARD 20 %, tester 20 %, license 20 %, 0-3 foreign members),"
        + " x-request-id 80 %; signature genuine 60 %, forged 25 %, none 15 %; each header mutated"
        + " in 3 of 5 sets (1-4 edits) and split into several values in 15 %";
  }
}
