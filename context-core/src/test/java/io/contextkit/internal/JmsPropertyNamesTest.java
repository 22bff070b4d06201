package io.contextkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JmsPropertyNamesTest {

  @Test
  void contextHeadersMapToTheNamesBothStacksUse() {
    assertThat(JmsPropertyNames.of("traceparent")).isEqualTo("traceparent");
    assertThat(JmsPropertyNames.of("tracestate")).isEqualTo("tracestate");
    assertThat(JmsPropertyNames.of("baggage")).isEqualTo("baggage");
    assertThat(JmsPropertyNames.of("x-request-id")).isEqualTo("x_request_id");
    assertThat(JmsPropertyNames.of("contextkit-signature")).isEqualTo("contextkit_signature");
  }

  @Test
  void anyOtherHeaderBecomesALowerCaseJavaIdentifier() {
    assertThat(JmsPropertyNames.of("X-Trace-Applied")).isEqualTo("x_trace_applied");
    assertThat(JmsPropertyNames.of("1st.header")).isEqualTo("_st_header");
    assertThat(JmsPropertyNames.of("Traceparent")).isEqualTo("traceparent");
  }
}
