package io.contextkit.quarkus.channels;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One GreenMail server (SMTP and POP3) per test JVM, started on first use. GreenMail creates a
 * mailbox for every recipient it receives mail for (login and password: the address). The test
 * reads mailboxes over POP3, so it needs no access to the server object from the application's
 * class loader (QuarkusUnitTest loads the test classes twice).
 */
public final class Smtp {

  private static final String PROPERTY = "contextkit.test.channels.smtp.ports";

  private Smtp() {}

  /** The SMTP port. */
  public static int smtpPort() {
    return ports()[0];
  }

  private static synchronized int[] ports() {
    String existing = System.getProperty(PROPERTY);
    if (existing == null) {
      int smtp = freePort();
      int pop3 = freePort();
      GreenMail mail =
          new GreenMail(
              new ServerSetup[] {
                new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(pop3, "127.0.0.1", ServerSetup.PROTOCOL_POP3)
              });
      mail.start();
      Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
      existing = smtp + "," + pop3;
      System.setProperty(PROPERTY, existing);
    }
    String[] parts = existing.split(",");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  /**
   * How many mails the mailbox of {@code address} holds, read over POP3 ({@code STAT}); 0 when
   * GreenMail never received mail for it.
   */
  public static int mailsFor(String address) {
    try (Socket socket = new Socket("127.0.0.1", ports()[1])) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      in.readLine();
      if (!command(in, out, "USER " + address).startsWith("+OK")
          || !command(in, out, "PASS " + address).startsWith("+OK")) {
        return 0;
      }
      String stat = command(in, out, "STAT");
      command(in, out, "QUIT");
      return Integer.parseInt(stat.split(" ")[1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String command(BufferedReader in, OutputStream out, String line)
      throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String answer = in.readLine();
    return answer == null ? "" : answer;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
