package io.contextkit.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedPeersTest {

  private static TrustedPeers addresses(String... entries) {
    return TrustedPeers.builder().addresses(List.of(entries)).build();
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 9.255.255.255, false",
    "10.0.0.0/8, 11.0.0.0, false",
    "192.168.4.0/22, 192.168.4.0, true",
    "192.168.4.0/22, 192.168.7.255, true",
    "192.168.4.0/22, 192.168.8.0, false",
    "192.168.4.0/22, 192.168.3.255, false",
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "127.0.0.1/32, 127.0.0.1, true",
    "127.0.0.1/32, 127.0.0.0, false",
    "0.0.0.0/0, 0.0.0.0, true",
    "0.0.0.0/0, 255.255.255.255, true",
    "0.0.0.0/0, ::1, false",
    "128.0.0.0/1, 128.0.0.0, true",
    "128.0.0.0/1, 127.255.255.255, false",
    "::1/128, ::1, true",
    "::1/128, 0:0:0:0:0:0:0:1, true",
    "::1/128, [::1], true",
    "::1/128, ::2, false",
    "::1/128, ::, false",
    "::1, ::1, true",
    "::/0, ::, true",
    "::/0, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "::/0, 10.1.2.3, false",
    "fd00::/8, fd12:3456::1, true",
    "fd00::/8, fc00::1, false",
    "fd00::/8, fe00::, false",
    "2001:db8::/64, 2001:db8::ffff:ffff:ffff:ffff, true",
    "2001:db8::/64, 2001:db8:0:1::, false",
    "2001:db8::/63, 2001:db8:0:1::1, true",
    "2001:db8::/63, 2001:db8:0:2::, false",
    "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true",
    "2001:db8::/65, 2001:db8::8000:0:0:0, false",
    "fe80::/10, fe80::1%eth0, true",
    "fe80::/10, febf:ffff::1, true",
    "fe80::/10, fec0::1, false",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "10.0.0.0/8, ::ffff:11.1.2.3, false",
    "::ffff:10.0.0.0/104, 10.9.9.9, true",
    "::ffff:10.0.0.0/104, ::ffff:10.9.9.9, true",
    "::ffff:10.0.0.0/104, 11.0.0.0, false",
    "10.0.0.0/8, localhost, false",
    "10.0.0.0/8, 10.0.0.1.example.com, false",
    "10.0.0.0/8, 010.0.0.1, false",
    "10.0.0.0/8, '', false",
    "10.0.0.0/8, ' 10.0.0.1', false"
  })
  void matchesAddressesAgainstBlocks(String block, String remote, boolean expected) {
    assertThat(addresses(block).matchesAddress(remote)).isEqualTo(expected);
  }

  @Test
  void matchesWhenAnyOfSeveralBlocksContainsTheAddress() {
    TrustedPeers peers = addresses("10.0.0.0/8", "::1", "192.168.0.0/16");

    assertThat(peers.matchesAddress("192.168.1.1")).isTrue();
    assertThat(peers.matchesAddress("::1")).isTrue();
    assertThat(peers.matchesAddress("172.16.0.1")).isFalse();
  }

  @Test
  void matchesAuthenticatedNamesExactly() {
    TrustedPeers peers =
        TrustedPeers.builder()
            .name("spiffe://prod/ns/payments/sa/api")
            .names(List.of("CN=orders,O=Example"))
            .build();

    assertThat(peers.matches(InboundPeer.ofName("spiffe://prod/ns/payments/sa/api"))).isTrue();
    assertThat(peers.matches(InboundPeer.ofName("CN=orders,O=Example"))).isTrue();
    assertThat(peers.matches(InboundPeer.ofName("cn=orders,o=example"))).isFalse();
    assertThat(peers.matches(InboundPeer.ofName("spiffe://prod/ns/payments/sa/api2"))).isFalse();
    assertThat(peers.matches(InboundPeer.ofName("spiffe://prod/ns/payments/sa"))).isFalse();
    assertThat(peers.matches(new InboundPeer(null, null))).isFalse();
  }

  @Test
  void matchesPeerByAddressOrByName() {
    TrustedPeers peers = TrustedPeers.builder().address("10.0.0.0/8").name("gateway").build();

    assertThat(peers.matches(new InboundPeer("10.1.1.1", null))).isTrue();
    assertThat(peers.matches(new InboundPeer("203.0.113.9", "gateway"))).isTrue();
    assertThat(peers.matches(new InboundPeer("203.0.113.9", "someone-else"))).isFalse();
    assertThat(peers.matches(new InboundPeer(null, null))).isFalse();
  }

  @Test
  void trustsNobodyByDefault() {
    TrustedPeers none = TrustedPeers.none();

    assertThat(none.isEmpty()).isTrue();
    assertThat(none.matches(new InboundPeer("127.0.0.1", "anything"))).isFalse();
    assertThat(TrustedPeers.builder().build().matches(InboundPeer.ofAddress("::1"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "gateway.internal",
        "10.0.0.0/33",
        "::/129",
        "10.0.0.0/-1",
        "10.0.0.0/",
        "10.0.0.0/08",
        "10.0.0.0/8/8",
        "10.0.0",
        "256.0.0.0/8",
        "010.0.0.0/8",
        "10.0.0.0 /8",
        "",
        "*",
        "fe80::1%eth0",
        "[::1]/128",
        "::ffff:10.0.0.0/95"
      })
  void rejectsInvalidAddressEntriesNamingThem(String entry) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrustedPeers.builder().address(entry))
        .withMessageStartingWith("Invalid trusted peer address '" + entry + "'");
  }

  @Test
  void rejectsBlocksWithHostBitsSetAndSuggestsTheNetwork() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> addresses("10.1.0.0/8"))
        .withMessageContaining("'10.1.0.0/8'")
        .withMessageContaining("did you mean 10.0.0.0/8?");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> addresses("2001:db8::1/64"))
        .withMessageContaining("did you mean 2001:db8::/64?");
  }

  @Test
  void rejectsHostNamesWithoutResolvingThem() {
    // A resolvable name would pass if the parser used DNS; the message says why it is refused.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> addresses("localhost"))
        .withMessageContaining("host names are not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " gateway", "gateway ", "gate\u0000way", "gate\nway"})
  void rejectsInvalidNamesNamingThem(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TrustedPeers.builder().name(name))
        .withMessageStartingWith("Invalid trusted peer name '");
  }

  @Test
  void failsFastOnNullEntries() {
    assertThatNullPointerException()
        .isThrownBy(() -> TrustedPeers.builder().address(null))
        .withMessage("entry");
    assertThatNullPointerException()
        .isThrownBy(() -> TrustedPeers.builder().name(null))
        .withMessage("name");
  }

  @Test
  void reportsConfiguredEntries() {
    TrustedPeers peers = TrustedPeers.builder().address("10.0.0.0/8").name("gateway").build();

    assertThat(peers.addresses()).containsExactly("10.0.0.0/8");
    assertThat(peers.names()).containsExactly("gateway");
    assertThat(peers).hasToString("TrustedPeers{addresses=[10.0.0.0/8], names=[gateway]}");
  }
}
