package io.contextkit.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.testing.property.Alphabet;
import io.contextkit.testing.property.ForAll;
import io.contextkit.testing.property.Gen;
import io.contextkit.testing.property.PeerAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "255.255.255.255",
        "10.0.0.1",
        "192.168.1.255",
        "::",
        "::1",
        "1::",
        "1::1",
        "2001:db8::ff00:42:8329",
        "2001:0db8:0000:0000:0000:ff00:0042:8329",
        "FE80::1",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4",
        "::1.2.3.4",
        "64:ff9b::192.0.2.33",
        "::ffff:10.1.2.3",
        "::ffff:a01:203"
      })
  void parsesLiteralsLikeTheJdk(String literal) throws UnknownHostException {
    // For a literal the JDK parses without resolving: it is a trustworthy oracle here.
    InetAddress expected = InetAddress.getByName(literal);

    IpAddress parsed = IpAddress.parse(literal);

    assertThat(parsed).isNotNull();
    assertThat(toBytes(parsed)).isEqualTo(expected.getAddress());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "1.2.3",
        "1.2.3.4.5",
        "256.0.0.1",
        "010.0.0.1",
        "1.2.3.04",
        "1.2.3.-4",
        "1..2.3",
        "1.2.3.4.",
        " 1.2.3.4",
        "1.2.3.4 ",
        "0x7f.0.0.1",
        "2130706433",
        "١.٢.٣.٤",
        ":",
        ":::",
        "::1::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "12345::",
        "1:2:3:4:5:6:7",
        ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:",
        "1::2::3",
        "g::1",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3",
        "::1.2.3.4:5",
        "::ffff:256.1.1.1",
        "[::1]",
        "fe80::1%eth0",
        "::１"
      })
  void rejectsAnythingThatIsNotABareLiteral(String text) {
    assertThat(IpAddress.parse(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::1]", "::1", "fe80::1%eth0", "[fe80::1%25eth0]", "0:0:0:0:0:0:0:1"})
  void parsesRemoteAddressesAsTransportsReportThem(String text) {
    IpAddress address = IpAddress.parseRemote(text);

    assertThat(address).isNotNull();
    assertThat(address.isV6()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[::1", "::1]", "[]", "1.2.3.4%eth0", "fe80::1%", "host.example", "[1.2.3.4"})
  void rejectsMalformedRemoteAddresses(String text) {
    assertThat(IpAddress.parseRemote(text)).isNull();
  }

  private static final byte[] ZEROS_16 = new byte[16];
  private static final byte[] ONES_16 = filled(16, (byte) 0xff);

  @TestFactory
  DynamicNode parsesEveryIpv6AddressInFullAndCompressedForm() {
    return ForAll.of(PeerAddresses.ipv6Bytes())
        .tries(2_000)
        .examples(
            ZEROS_16.clone(), ONES_16.clone(), filled(16, (byte) 0x7f), filled(16, (byte) 0x80))
        .check(
            bytes -> {
              bytes[0] = (byte) (bytes[0] | 0x20); // keep clear of the IPv4-mapped range
              InetAddress address = InetAddress.getByAddress(bytes);
              IpAddress full = IpAddress.parse(address.getHostAddress());

              assertThat(full).isNotNull();
              assertThat(toBytes(full)).isEqualTo(bytes);
              IpAddress compressed = IpAddress.parse(full.toString());
              assertThat(compressed).isEqualTo(full);
              assertThat(InetAddress.getByName(full.toString()).getAddress()).isEqualTo(bytes);
            });
  }

  record ZeroRuns(short[] groups, byte zeroMask) {}

  @TestFactory
  DynamicNode parsesIpv6AddressesWithZeroRunsInCompressedForm() {
    Gen<short[]> groups =
        Gen.ints(Short.MIN_VALUE, Short.MAX_VALUE).list(8, 8).map(IpAddressTest::toShorts);
    Gen<Byte> masks = Gen.ints(Byte.MIN_VALUE, Byte.MAX_VALUE).map(Integer::byteValue);
    return ForAll.of(c -> new ZeroRuns(groups.generate(c), masks.generate(c)))
        .tries(2_000)
        .examples(
            new ZeroRuns(new short[8], (byte) 0),
            new ZeroRuns(new short[] {1, 2, 3, 4, 5, 6, 7, 8}, (byte) 0b0111_1110),
            new ZeroRuns(new short[] {-1, -1, -1, -1, -1, -1, -1, -1}, (byte) 0b1001_1001),
            new ZeroRuns(new short[] {0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}, (byte) 0))
        .check(
            input -> {
              short[] groupValues = input.groups();
              byte zeroMask = input.zeroMask();
              byte[] bytes = new byte[16];
              for (int k = 0; k < 8; k++) {
                int group = (zeroMask >>> k & 1) == 1 ? 0 : groupValues[k] & 0xffff;
                bytes[2 * k] = (byte) (group >>> 8);
                bytes[2 * k + 1] = (byte) group;
              }
              IpAddress address = IpAddress.parse(InetAddress.getByAddress(bytes).getHostAddress());
              if (address == null || !address.isV6()) {
                return; // the mapped range normalises to IPv4, covered elsewhere
              }

              String canonical = address.toString();

              assertThat(IpAddress.parse(canonical)).isEqualTo(address);
              assertThat(InetAddress.getByName(canonical).getAddress()).isEqualTo(bytes);
            });
  }

  @TestFactory
  DynamicNode parsesEveryIpv4Address() {
    return ForAll.of(PeerAddresses.ipv4Bytes())
        .tries(2_000)
        .examples(
            new byte[4], filled(4, (byte) 0xff), new byte[] {127, 0, 0, 1}, filled(4, (byte) 0x80))
        .check(
            bytes -> {
              String text = InetAddress.getByAddress(bytes).getHostAddress();

              IpAddress address = IpAddress.parse(text);

              assertThat(address).isNotNull();
              assertThat(toBytes(address)).isEqualTo(bytes);
              assertThat(address.toString()).isEqualTo(text);
              assertThat(IpAddress.parse("::ffff:" + text)).isEqualTo(address);
            });
  }

  @TestFactory
  DynamicNode parsesEveryLiteralFormOfAnIpv6Address() {
    return ForAll.of(PeerAddresses.ipv6Literals())
        .tries(2_000)
        .check(
            literal -> {
              IpAddress address = IpAddress.parse(literal.text());

              assertThat(address).as(literal.text()).isNotNull();
              assertThat(toBytes(address)).isEqualTo(literal.bytes());
              assertThat(IpAddress.parseRemote("[" + literal.text() + "]")).isEqualTo(address);
              assertThat(IpAddress.parseRemote(literal.text() + "%eth0")).isEqualTo(address);
            });
  }

  @TestFactory
  DynamicNode rejectsEveryMalformedLiteral() {
    return ForAll.of(PeerAddresses.malformedLiterals())
        .tries(2_000)
        .check(text -> assertThat(IpAddress.parse(text)).as(text).isNull());
  }

  @TestFactory
  DynamicNode parsesTheRemoteFormsServersReport() {
    return ForAll.of(PeerAddresses.ipv6RemoteForms())
        .tries(1_000)
        .check(text -> assertThat(IpAddress.parseRemote(text)).as(text).isNotNull());
  }

  @TestFactory
  DynamicNode neverThrowsOnArbitraryText() {
    return ForAll.of(Alphabet.ALL.strings(0, 255))
        .tries(3_000)
        .examples(
            "", "\u0000", "\ud800", "[", "%", "::%", "[::1%", "1.2.3.4%25eth0", ":".repeat(255))
        .check(
            text -> {
              IpAddress.parse(text);
              IpAddress.parseRemote(text);
            });
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }

  private static short[] toShorts(List<Integer> values) {
    short[] shorts = new short[values.size()];
    for (int i = 0; i < shorts.length; i++) {
      shorts[i] = (short) (int) values.get(i);
    }
    return shorts;
  }

  static byte[] toBytes(IpAddress address) {
    int length = address.isV6() ? 16 : 4;
    byte[] bytes = new byte[length];
    for (int k = 0; k < length; k++) {
      int bitFromRight = 8 * (length - 1 - k);
      long word = bitFromRight >= 64 ? address.hi() : address.lo();
      bytes[k] = (byte) (word >>> (bitFromRight % 64));
    }
    return bytes;
  }
}
