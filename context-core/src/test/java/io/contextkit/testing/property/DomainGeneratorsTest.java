package io.contextkit.testing.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The domain generators produce what they promise: valid parts valid, near misses invalid. */
class DomainGeneratorsTest {

  private static final int SAMPLES = 2_000;

  private static <T> List<T> sample(Gen<T> gen) {
    List<T> values = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      values.add(gen.generate(Choices.random(i)));
    }
    for (Choices extreme : List.of(Choices.minimum(), Choices.maximum())) {
      try {
        values.add(gen.generate(extreme));
      } catch (Choices.Rejected ruledOutByAFilter) {
        // the runner skips such an edge case too
      }
    }
    return values;
  }

  @Test
  void idsAreLowerHexOfTheirLengthAndNearMissesAreNot() {
    Pattern traceId = Pattern.compile("[0-9a-f]{32}");
    Pattern validTraceId = Pattern.compile("(?!0{32})[0-9a-f]{32}");

    assertThat(sample(W3cHeaders.traceIds())).allMatch(id -> traceId.matcher(id).matches());
    assertThat(sample(W3cHeaders.parentIds())).allMatch(id -> id.matches("[0-9a-f]{16}"));
    assertThat(sample(W3cHeaders.invalidIds(32)))
        .noneMatch(id -> validTraceId.matcher(id).matches())
        .anyMatch(id -> id.equals("0".repeat(32)))
        .anyMatch(id -> id.matches("[0-9A-F]{32}"))
        .anyMatch(id -> id.length() == 31)
        .anyMatch(id -> id.length() == 33);
  }

  @Test
  void tracestateKeysReachTheirLengthLimitsAndPassThem() {
    Set<Integer> simple = new HashSet<>();
    for (String key : sample(W3cHeaders.tracestateSimpleKeys())) {
      assertThat(key).matches("[a-z0-9][a-z0-9_\\-*/@]*");
      simple.add(key.length());
    }
    List<String> tenants = sample(W3cHeaders.tracestateTenantKeys());

    assertThat(simple).contains(1, 256, 257);
    assertThat(tenants).allMatch(k -> k.matches("[a-z][a-z0-9_\\-*/]*@[a-z][a-z0-9_\\-*/]*"));
    assertThat(tenants).anyMatch(k -> k.indexOf('@') == 241).anyMatch(k -> k.indexOf('@') == 242);
    assertThat(tenants).anyMatch(k -> k.length() - k.lastIndexOf('@') - 1 > 14);
  }

  @Test
  void mutationsInsertDeleteReplaceChangeCaseAndDuplicateMembers() {
    String header = "a=1,b=2,c=3";

    assertThat(mutate(header, Mutations.Kind.INSERT, 1, 'X')).isEqualTo("aX=1,b=2,c=3");
    assertThat(mutate(header, Mutations.Kind.DELETE, 1, 'X')).isEqualTo("a1,b=2,c=3");
    assertThat(mutate(header, Mutations.Kind.REPLACE, 0, 'X')).isEqualTo("X=1,b=2,c=3");
    assertThat(mutate(header, Mutations.Kind.CHANGE_CASE, 4, 'X')).isEqualTo("a=1,B=2,c=3");
    assertThat(mutate("A", Mutations.Kind.CHANGE_CASE, 0, 'X')).isEqualTo("a");
    assertThat(mutate(header, Mutations.Kind.DUPLICATE_MEMBER, 5, 'X'))
        .isEqualTo("a=1,b=2,b=2,c=3");
    assertThat(mutate(header, Mutations.Kind.DUPLICATE_MEMBER, 0, 'X'))
        .isEqualTo("a=1,a=1,b=2,c=3");
    assertThat(mutate(header, Mutations.Kind.DUPLICATE_MEMBER, 10, 'X'))
        .isEqualTo("a=1,b=2,c=3,c=3");
    assertThat(Mutations.split("a=1,b=2", List.of(0))).containsExactly("a=1", "b=2");
    assertThat(String.join("", Mutations.split("a=1,b=2", List.of(3)))).isEqualTo("a=1,b=2");
  }

  private static String mutate(String s, Mutations.Kind kind, int position, char c) {
    return Mutations.mutate(s, List.of(new Mutations.Mutation(kind, position, 0, c)));
  }

  @Test
  void percentEncodingsDecodeToTheirBytes() {
    List<Text.Encoded> encodings = sample(Text.percentEncodings());

    for (Text.Encoded encoded : encodings) {
      assertThat(decode(encoded.text())).isEqualTo(encoded.bytes());
      assertThat(encoded.validUtf8()).isEqualTo(Text.isUtf8(encoded.bytes()));
    }
    assertThat(encodings).anyMatch(Text.Encoded::validUtf8).anyMatch(e -> !e.validUtf8());
    assertThat(encodings)
        .anyMatch(
            e ->
                new String(e.bytes(), StandardCharsets.UTF_8)
                    .codePoints()
                    .anyMatch(cp -> cp > 0xffff));
  }

  @Test
  void utf8EdgeCasesHoldUnpairedSurrogatesAndFourByteCharacters() {
    List<String> cases = sample(Text.utf8EdgeCases());

    assertThat(cases).anyMatch(s -> s.equals("\ud800")).anyMatch(s -> s.codePointAt(0) == 0x10ffff);
    assertThat(sample(Text.invalidUtf8())).noneMatch(Text::isUtf8);
  }

  private static byte[] decode(String text) {
    ByteBuffer out = ByteBuffer.allocate(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        out.put((byte) Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.put((byte) c);
      }
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }

  @Test
  void addressLiteralsAreWhatTheJdkReadsThemAs() throws UnknownHostException {
    // For literals the JDK parses without a lookup, so it is a fair oracle for the generator.
    for (PeerAddresses.Literal literal : sample(PeerAddresses.ipv6Literals())) {
      assertThat(literal.text()).contains(":");
      assertThat(InetAddress.getByName(literal.text()).getAddress())
          .as(literal.text())
          .isEqualTo(literal.bytes());
    }
    for (PeerAddresses.Literal literal : sample(PeerAddresses.ipv4Literals())) {
      assertThat(InetAddress.getByName(literal.text()).getAddress()).isEqualTo(literal.bytes());
    }
  }

  @Test
  void ipv6LiteralsComeInEveryForm() {
    List<String> texts =
        sample(PeerAddresses.ipv6Literals()).stream().map(PeerAddresses.Literal::text).toList();

    assertThat(texts)
        .anyMatch(t -> t.contains("::"))
        .anyMatch(t -> t.matches("([0-9a-f]{4}:){7}[0-9a-f]{4}"))
        .anyMatch(t -> t.matches(".*[A-F].*"))
        .anyMatch(t -> t.matches(".*:\\d+\\.\\d+\\.\\d+\\.\\d+"));
  }

  @Test
  void keyRingsHoldValidDistinctIdsAndLongEnoughSecrets() {
    Pattern keyId = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    for (KeyRings.KeyRing ring : sample(KeyRings.rings(1, 4))) {
      assertThat(ring.keys()).hasSizeBetween(1, 4).containsKey(ring.activeKeyId());
      assertThat(ring.keys().keySet()).allMatch(id -> keyId.matcher(id).matches());
      assertThat(ring.keys().values()).allMatch(s -> s.length >= 32 && s.length <= 64);
    }
    assertThat(sample(KeyRings.invalidKeyIds())).noneMatch(id -> keyId.matcher(id).matches());
    assertThat(sample(KeyRings.shortSecrets())).allMatch(s -> s.length < 32);
  }
}
