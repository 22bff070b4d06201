package io.contextkit.spring.autoconfigure.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.ContextPropagator;
import io.contextkit.InboundContext;
import io.contextkit.trust.InboundPeer;
import io.contextkit.trust.TrustPolicy;
import io.contextkit.trust.TrustedPeers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;

/**
 * The one-pass read of Tomcat's header list answers exactly what Tomcat's own {@code getHeader} and
 * {@code getHeaders} answer, on Tomcat's real {@link MimeHeaders}.
 */
class TomcatInboundHeadersTest {

  private static final ContextPropagator PROPAGATOR =
      ContextPropagator.builder()
          .requestIdHeader("X-Correlation-Id")
          .trustPolicy(
              TrustPolicy.builder()
                  .trustedPeers(TrustedPeers.builder().address("127.0.0.1").build())
                  .build())
          .build();

  private static final String[] NAMES = TomcatInboundHeaders.namesReadBy(PROPAGATOR);

  private static MimeHeaders headers(String... namesAndValues) {
    MimeHeaders headers = new MimeHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.addValue(namesAndValues[i]).setString(namesAndValues[i + 1]);
    }
    return headers;
  }

  private static List<String> all(Iterator<String> values) {
    List<String> list = new ArrayList<>();
    values.forEachRemaining(list::add);
    return list;
  }

  @Test
  void answersEveryNameAsTomcatDoesWhateverTheCaseAndRepetition() {
    MimeHeaders tomcat =
        headers(
            "Host", "localhost",
            "TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "baggage", "user_id=alice",
            "Content-Type", "application/json",
            "BAGGAGE", "account_id=acme",
            "x-correlation-id", "req-1",
            "tracestate", "a=1",
            "baggage", "request_type=STANDARD");
    TomcatInboundHeaders collected = TomcatInboundHeaders.collect(tomcat, NAMES);

    for (String name :
        List.of(
            "traceparent",
            "TRACEPARENT",
            "tracestate",
            "baggage",
            "Baggage",
            "x-correlation-id",
            "contextkit-signature",
            "host",
            "absent")) {
      assertThat(TomcatInboundHeaders.GETTER.get(collected, name))
          .as(name)
          .isEqualTo(tomcat.getHeader(name));
      assertThat(all(TomcatInboundHeaders.GETTER.getAll(collected, name)))
          .as(name)
          .isEqualTo(Collections.list(tomcat.values(name)));
    }
    assertThat(all(TomcatInboundHeaders.GETTER.getAll(collected, "baggage")))
        .containsExactly("user_id=alice", "account_id=acme", "request_type=STANDARD");
  }

  @Test
  void extractsTheSameContextAsTheServletHeaders() {
    MimeHeaders tomcat =
        headers(
            "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "baggage", "user_id=alice,account_id=acme,region=eu",
            "baggage", "request_type=TRACE",
            "X-Correlation-Id", "req-42");
    InboundPeer peer = InboundPeer.ofAddress("127.0.0.1");
    InboundContext oneByOne =
        PROPAGATOR.extract(
            tomcat,
            new io.contextkit.w3c.HeaderGetter<MimeHeaders>() {
              @Override
              public String get(MimeHeaders carrier, String name) {
                return carrier.getHeader(name);
              }

              @Override
              public Iterator<String> getAll(MimeHeaders carrier, String name) {
                return carrier.values(name).asIterator();
              }
            },
            peer);
    InboundContext onePass =
        PROPAGATOR.extract(
            TomcatInboundHeaders.collect(tomcat, NAMES), TomcatInboundHeaders.GETTER, peer);

    assertThat(onePass.context().userId()).isEqualTo("alice");
    assertThat(onePass.context().requestId()).isEqualTo("req-42");
    assertThat(onePass.context().isTrace()).isTrue();
    assertThat(onePass.otherBaggage().get("region")).isEqualTo("eu");
    // Everything but the hop's own new parent id (random per extract) is the same.
    assertThat(onePass.context().toBuilder().parentId(null).build())
        .isEqualTo(oneByOne.context().toBuilder().parentId(null).build());
    assertThat(onePass.traceActivation()).isEqualTo(oneByOne.traceActivation());
    assertThat(onePass.otherBaggage()).isEqualTo(oneByOne.otherBaggage());
    assertThat(onePass.remoteParent()).isEqualTo(oneByOne.remoteParent());
  }
}
