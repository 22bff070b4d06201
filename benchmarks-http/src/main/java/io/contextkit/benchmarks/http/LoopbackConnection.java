package io.contextkit.benchmarks.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One persistent HTTP/1.1 connection over a plain blocking socket: writes a fully formed request
 * and reads one response (status line, headers, a {@code Content-Length} or chunked body). Far
 * cheaper per request than a general-purpose client, so that on a small machine the load generator
 * takes as little CPU as possible from the server it measures. Not thread-safe: one connection per
 * thread.
 */
public final class LoopbackConnection implements AutoCloseable {

  /** One response as read: the status, the raw header block and the body. */
  public record Response(int status, String headers, byte[] body) {

    /** The value of the first header named {@code name} (case-insensitive), or {@code null}. */
    public @Nullable String header(String name) {
      int from = 0;
      while (from < headers.length()) {
        int end = headers.indexOf("\r\n", from);
        if (end < 0) {
          end = headers.length();
        }
        int colon = headers.indexOf(':', from);
        if (colon > from
            && colon < end
            && colon - from == name.length()
            && headers.regionMatches(true, from, name, 0, name.length())) {
          return headers.substring(colon + 1, end).trim();
        }
        from = end + 2;
      }
      return null;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final int timeoutMillis;
  private @Nullable Socket socket;
  private @Nullable InputStream in;
  private @Nullable OutputStream out;
  private byte[] buffer = new byte[16 * 1024];
  private int start;
  private int limit;

  /**
   * A connection to {@code host:port}, opened on the first exchange; {@code timeoutMillis} bounds
   * the connect and every read.
   */
  public LoopbackConnection(String host, int port, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sends {@code request} (a complete HTTP/1.1 request, keep-alive) and reads its response;
   * reconnects first if the previous response closed the connection. On an I/O error the connection
   * is closed and the error thrown; the next call reconnects.
   */
  public Response exchange(byte[] request) throws IOException {
    try {
      if (socket == null) {
        connect();
      }
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(timeoutMillis);
    s.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
    start = 0;
    limit = 0;
  }

  private Response read() throws IOException {
    int headerEnd = indexOfHeaderEnd();
    String head = new String(buffer, start, headerEnd - start, StandardCharsets.ISO_8859_1);
    start = headerEnd + 4;
    // "HTTP/1.1 200 ..."
    int status = Integer.parseInt(head.substring(9, 12));
    int lineEnd = head.indexOf("\r\n");
    Response shape =
        new Response(status, lineEnd < 0 ? "" : head.substring(lineEnd + 2), new byte[0]);
    byte[] body;
    String length = shape.header("Content-Length");
    if (length != null) {
      body = take(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(shape.header("Transfer-Encoding"))) {
      body = chunked();
    } else {
      body = new byte[0];
    }
    if ("close".equalsIgnoreCase(shape.header("Connection"))) {
      close();
    }
    return new Response(status, shape.headers(), body);
  }

  private int indexOfHeaderEnd() throws IOException {
    while (true) {
      for (int i = start; i + 3 < limit; i++) {
        if (buffer[i] == '\r'
            && buffer[i + 1] == '\n'
            && buffer[i + 2] == '\r'
            && buffer[i + 3] == '\n') {
          return i;
        }
      }
      fill();
    }
  }

  private byte[] take(int n) throws IOException {
    while (limit - start < n) {
      fill();
    }
    byte[] bytes = Arrays.copyOfRange(buffer, start, start + n);
    start += n;
    return bytes;
  }

  private byte[] chunked() throws IOException {
    byte[] body = new byte[0];
    while (true) {
      String sizeLine = line();
      int semicolon = sizeLine.indexOf(';');
      int size =
          Integer.parseInt(
              (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        // Trailers, if any, end with an empty line.
        while (!line().isEmpty()) {
          // skip trailer
        }
        return body;
      }
      byte[] chunk = take(size);
      byte[] joined = Arrays.copyOf(body, body.length + chunk.length);
      System.arraycopy(chunk, 0, joined, body.length, chunk.length);
      body = joined;
      line();
    }
  }

  private String line() throws IOException {
    while (true) {
      for (int i = start; i + 1 < limit; i++) {
        if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
          String line = new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
          start = i + 2;
          return line;
        }
      }
      fill();
    }
  }

  /** Reads more bytes, compacting or growing the buffer first when it is full. */
  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, limit - start);
      limit -= start;
      start = 0;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      throw new EOFException("connection closed by the server");
    }
    limit += n;
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // Closing a broken connection: nothing left to do.
      }
    }
  }
}
