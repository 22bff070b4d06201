package io.contextkit.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InternalHostsTest {

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource({
    "payments.svc.cluster.local, payments.svc.cluster.local, true",
    "payments.svc.cluster.local, PAYMENTS.Svc.Cluster.Local, true",
    "payments.svc.cluster.local, payments.svc.cluster.local., true",
    "Payments.SVC.cluster.local., payments.svc.cluster.local, true",
    "payments.svc.cluster.local, payments.svc.cluster.local.., false",
    "payments.svc.cluster.local, x.payments.svc.cluster.local, false",
    "payments.svc.cluster.local, payments.svc.cluster.local.evil.com, false",
    "payments.svc.cluster.local, payments.svc.cluster, false",
    "*.example.internal, api.example.internal, true",
    "*.example.internal, a.b.example.internal, true",
    "*.example.internal, API.Example.Internal., true",
    "*.example.internal, example.internal, false",
    "*.example.internal, evilexample.internal, false",
    "*.example.internal, .example.internal, false",
    "*.example.internal, api.example.internal.evil.com, false",
    "*.example.internal, api.example.internalx, false",
    "*.example.internal, api.example-internal, false",
    "*.example.internal, api..example.internal, false",
    "*.example.internal, 'api.example.internal ', false",
    "*.example.internal, api.exämple.internal, false",
    "*.internal, anything.internal, true",
    "localhost, localhost, true",
    "localhost, 127.0.0.1, false",
    "127.0.0.1, localhost, false",
    "10.0.0.0/8, 10.20.30.40, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "10.0.0.0/8, 010.0.0.1, false",
    "127.0.0.1, 127.0.0.1, true",
    "::1, ::1, true",
    "::1, [::1], true",
    "::1, 0:0:0:0:0:0:0:1, true",
    "[fd00::/8], [fd00::5], true",
    "fd00::/8, fe00::5, false",
    "10.0.0.0/8, ::ffff:10.0.0.1, true",
    "10.0.0.0/8, '', false"
  })
  void matchesHostAgainstPattern(String pattern, String host, boolean expected) {
    assertThat(InternalHosts.of(pattern).isInternal(host)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} vs {1}:{2}: {3}")
  @CsvSource({
    "api.internal:8443, api.internal, 8443, true",
    "api.internal:8443, api.internal, 443, false",
    "api.internal:8443, api.internal, -1, false",
    "api.internal, api.internal, 8443, true",
    "api.internal, api.internal, -1, true",
    "*.example.internal:443, a.example.internal, 443, true",
    "*.example.internal:443, a.example.internal, 80, false",
    "10.0.0.0/8:80, 10.1.1.1, 80, true",
    "10.0.0.0/8:80, 10.1.1.1, 8080, false",
    "127.0.0.1:9000, 127.0.0.1, 9000, true",
    "127.0.0.1:9000, 127.0.0.1, 9001, false",
    "[::1]:8080, ::1, 8080, true",
    "[::1]:8080, [::1], 8080, true",
    "[::1]:8080, ::1, 8081, false",
    "[fd00::/8]:443, fd00::1, 443, true"
  })
  void restrictsPatternsWithPortToThatPort(
      String pattern, String host, int port, boolean expected) {
    assertThat(InternalHosts.of(pattern).isInternal(host, port)).isEqualTo(expected);
  }

  @Test
  void mergesSeveralPortsOfOneHost() {
    InternalHosts hosts = InternalHosts.of("api.internal:80", "API.internal:443");

    assertThat(hosts.isInternal("api.internal", 80)).isTrue();
    assertThat(hosts.isInternal("api.internal", 443)).isTrue();
    assertThat(hosts.isInternal("api.internal", 8080)).isFalse();
    assertThat(InternalHosts.of("api.internal:80", "api.internal").isInternal("api.internal", 9))
        .isTrue();
  }

  @Test
  void matchesAnyOfSeveralPatterns() {
    InternalHosts hosts =
        InternalHosts.of("*.svc.cluster.local", "auth.example.com", "10.0.0.0/8", "[fd00::/8]");

    assertThat(hosts.isInternal("orders.shop.svc.cluster.local")).isTrue();
    assertThat(hosts.isInternal("auth.example.com")).isTrue();
    assertThat(hosts.isInternal("10.9.8.7")).isTrue();
    assertThat(hosts.isInternal("fd00::1")).isTrue();
    assertThat(hosts.isInternal("api.stripe.com")).isFalse();
    assertThat(hosts.isInternal("8.8.8.8")).isFalse();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "http://api.internal/path, true",
    "http://api.internal:80/path, true",
    "https://api.internal/path, false",
    "http://API.INTERNAL./x, true",
    "http://api.internal:8080/x, false",
    "https://secure.internal/x, true",
    "wss://secure.internal/x, true",
    "https://secure.internal:8443/x, false",
    "http://[::1]:8080/x, true",
    "http://[::1]:8081/x, false",
    "http://user@api.internal.evil.com/x, false",
    "mailto:someone@api.internal, false",
    "/relative/path, false"
  })
  void decidesByUriWithDefaultPortOfScheme(String uri, boolean expected) {
    InternalHosts hosts = InternalHosts.of("api.internal:80", "secure.internal:443", "[::1]:8080");

    assertThat(hosts.isInternal(URI.create(uri))).isEqualTo(expected);
  }

  @Test
  void treatsNothingAsInternalByDefault() {
    assertThat(InternalHosts.none().isInternal("localhost")).isFalse();
    assertThat(InternalHosts.none().isInternal("127.0.0.1", 80)).isFalse();
    assertThat(InternalHosts.of().isEmpty()).isTrue();
    assertThat(InternalHosts.none().isInternal((String) null)).isFalse();
  }

  @Test
  void toleratesWhitespaceAroundConfiguredPatterns() {
    InternalHosts hosts = InternalHosts.of(" api.internal ", "\t*.svc.local");

    assertThat(hosts.patterns()).containsExactly("api.internal", "*.svc.local");
    assertThat(hosts.isInternal("x.svc.local")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "*",
        "*.",
        "**.example.com",
        "*example.com",
        "api.*.example.com",
        "api.example.*",
        "api..example.com",
        "api.example.com:",
        "api.example.com:0",
        "api.example.com:65536",
        "api.example.com:080",
        "api.example.com:http",
        "api example.com",
        "exämple.com",
        "10.0.0.0/33",
        "10.1.0.0/8",
        "[::1",
        "[::1]8080",
        "[10.0.0.1]",
        "[api.internal]:80",
        "::1:8080:x",
        "api.internal/8"
      })
  void rejectsInvalidPatternsNamingThem(String pattern) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InternalHosts.of(pattern))
        .withMessageContaining("'" + pattern.strip() + "'");
  }
}
