package io.contextkit.spring.autoconfigure.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class HeldResponseTest {

  @Test
  void bytesWrittenOneAtATimeAndInArraysAreHeldUntilReleaseThenWrittenInOrder() throws Exception {
    MockHttpServletResponse target = new MockHttpServletResponse();
    HeldResponse held = new HeldResponse(new MockHttpServletRequest(), target);

    ServletOutputStream out = held.getOutputStream();
    for (byte b : "{\"a\":".getBytes(StandardCharsets.UTF_8)) {
      out.write(b);
    }
    out.write("1}".getBytes(StandardCharsets.UTF_8));
    out.write(0xE2); // the first byte of a multi-byte character, written as an int
    out.write(new byte[] {(byte) 0x82, (byte) 0xAC}, 0, 2);

    assertThat(target.getContentAsByteArray()).isEmpty();
    assertThat(held.isCommitted()).isFalse();

    held.release();

    assertThat(target.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}€");
  }

  @Test
  void aByteWrittenAfterCloseIsIgnoredAsTheContainerWouldIgnoreIt() throws Exception {
    MockHttpServletResponse target = new MockHttpServletResponse();
    HeldResponse held = new HeldResponse(new MockHttpServletRequest(), target);

    ServletOutputStream out = held.getOutputStream();
    out.write('o');
    out.write('k');
    out.close();
    out.write('!');

    assertThat(held.isCommitted()).isTrue();
    assertThat(target.getContentAsByteArray()).isEmpty();
    held.release();
    assertThat(target.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("ok");
  }
}
