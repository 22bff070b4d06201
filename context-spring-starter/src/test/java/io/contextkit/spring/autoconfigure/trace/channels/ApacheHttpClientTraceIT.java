package io.contextkit.spring.autoconfigure.trace.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ApacheHttpClientTraceIT extends AbstractChannelsIT {

  @Test
  void thirdPartyIsCalledForStandardAndAnsweredSyntheticallyUnderTrace() throws Exception {
    int calls = THIRD_PARTY.log().size();
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/apache?to=third");
    assertThat(real.body()).startsWith("200 {\"id\":\"ch_real_");
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);
    assertThat(THIRD_PARTY.log().get(calls)).isEqualTo("POST /hc5 baggage=null");

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/apache?to=third");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(trace.body()).isEqualTo("201 {\"id\":\"synthetic\"}");
    assertThat(THIRD_PARTY.log()).hasSize(calls + 1);
    assertThat(reportHeader(trace)).contains("http=1").endsWith("violations=0");
    assertThat(loggedEffects()).contains("POST /hc5 suppressed, synthetic 201");
  }

  @Test
  void internalHostGetsTheContextAndTraceAndMustAcknowledge() throws Exception {
    int calls = INTERNAL.log().size();
    HttpResponse<String> real = send(Mode.STANDARD, "POST", "/apache?to=internal");
    assertThat(real.body()).startsWith("200 ");
    assertThat(INTERNAL.log().get(calls)).contains("request_type=STANDARD");

    HttpResponse<String> trace = send(Mode.TRACE, "POST", "/apache?to=internal");
    assertThat(trace.statusCode()).isEqualTo(200);
    assertThat(INTERNAL.log()).hasSize(calls + 2);
    assertThat(INTERNAL.log().get(calls + 1))
        .contains("request_type=TRACE")
        .contains("user_id=tracer");
    assertThat(reportHeader(trace)).contains("http=1").endsWith("violations=0");
  }
}
