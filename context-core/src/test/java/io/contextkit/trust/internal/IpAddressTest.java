package io.contextkit.trust.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
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

  @Property(tries = 2_000)
  void parsesEveryIpv6AddressInFullAndCompressedForm(@ForAll @Size(16) byte[] bytes)
      throws UnknownHostException {
    bytes[0] = (byte) (bytes[0] | 0x20); // keep clear of the IPv4-mapped range
    InetAddress address = InetAddress.getByAddress(bytes);
    IpAddress full = IpAddress.parse(address.getHostAddress());

    assertThat(full).isNotNull();
    assertThat(toBytes(full)).isEqualTo(bytes);
    IpAddress compressed = IpAddress.parse(full.toString());
    assertThat(compressed).isEqualTo(full);
    assertThat(InetAddress.getByName(full.toString()).getAddress()).isEqualTo(bytes);
  }

  @Property(tries = 2_000)
  void parsesIpv6AddressesWithZeroRunsInCompressedForm(
      @ForAll @Size(8) short[] groups, @ForAll byte zeroMask) throws UnknownHostException {
    byte[] bytes = new byte[16];
    for (int k = 0; k < 8; k++) {
      int group = (zeroMask >>> k & 1) == 1 ? 0 : groups[k] & 0xffff;
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
  }

  @Property(tries = 2_000)
  void parsesEveryIpv4Address(@ForAll @Size(4) byte[] bytes) throws UnknownHostException {
    String text = InetAddress.getByAddress(bytes).getHostAddress();

    IpAddress address = IpAddress.parse(text);

    assertThat(address).isNotNull();
    assertThat(toBytes(address)).isEqualTo(bytes);
    assertThat(address.toString()).isEqualTo(text);
    assertThat(IpAddress.parse("::ffff:" + text)).isEqualTo(address);
  }

  @Property(tries = 3_000)
  void neverThrowsOnArbitraryText(@ForAll String text) {
    IpAddress.parse(text);
    IpAddress.parseRemote(text);
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
