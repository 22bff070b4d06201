package io.contextkit.stress;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 client over a plain socket that writes header values byte for byte (UTF-8), so
 * requests can carry what a well-behaved client refuses to send: control characters, non-ASCII,
 * huge values, repeated headers. Keeps its connection alive until the server closes it or a request
 * holds a CR or LF (which may split the request; such a request gets a connection of its own).
 */
final class RawHttp implements AutoCloseable {

  /** A response: status, lower-cased header names (last value wins), body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String host;
  private final int port;
  private @Nullable Socket socket;
  private @Nullable InputStream in;
  private @Nullable OutputStream out;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  Response send(
      String method, String path, List<Map.Entry<String, String>> headers, @Nullable String body)
      throws IOException {
    boolean splits = false;
    ByteArrayOutputStream request = new ByteArrayOutputStream(1024);
    write(request, method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n");
    for (Map.Entry<String, String> header : headers) {
      String value = header.getValue();
      splits |= value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
      write(request, header.getKey() + ": " + value + "\r\n");
    }
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      write(request, "Content-Length: " + payload.length + "\r\n");
    }
    if (splits) {
      write(request, "Connection: close\r\n");
      close();
    }
    write(request, "\r\n");
    request.write(payload);
    boolean reused = socket != null;
    try {
      return exchange(request.toByteArray(), splits);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      // A kept-alive connection the server had already closed (as any HTTP client does, retried
      // once on a fresh connection); a failure there is the request's own.
      return exchange(request.toByteArray(), splits);
    }
  }

  private Response exchange(byte[] request, boolean splits) throws IOException {
    try {
      connect();
      out.write(request);
      out.flush();
      Response response = read();
      if (splits || "close".equalsIgnoreCase(response.header("connection"))) {
        close();
      }
      return response;
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    if (socket != null) {
      return;
    }
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), 10_000);
    s.setSoTimeout(60_000);
    s.setTcpNoDelay(true);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 1 << 14);
    out = s.getOutputStream();
  }

  private Response read() throws IOException {
    String status = line();
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP status line: " + status);
    }
    Map<String, String> headers = new HashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    byte[] body;
    String length = headers.get("content-length");
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          break;
        }
        b.write(in.readNBytes(n));
        line();
      }
      body = b.toByteArray();
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if (Integer.parseInt(parts[1]) == 204 || Integer.parseInt(parts[1]) == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
      headers.put("connection", "close");
    }
    return new Response(Integer.parseInt(parts[1]), headers, body);
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c < 0 && b.size() == 0) {
      throw new IOException("connection closed by the server");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    socket = null;
    in = null;
    out = null;
  }
}
