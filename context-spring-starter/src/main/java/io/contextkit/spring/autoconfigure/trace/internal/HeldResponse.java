package io.contextkit.spring.autoconfigure.trace.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The response of a TRACE request, held back from the client until the request's unit of work has
 * ended ({@link TraceResponseFilter}): nothing reaches the connection before {@link #release()} or
 * {@link #fail}, so the report headers can be set on every status and a violation found late can
 * still turn the response into a 5xx.
 *
 * <p>Towards the application it behaves like the container's response would: status and headers go
 * to the wrapped response at once (a servlet container sends them only when it commits); the body
 * is kept in memory, whole; {@code flushBuffer()}, a flush or close of the stream or writer, a body
 * larger than the buffer size, a body reaching the declared content length, {@code sendError} and
 * {@code sendRedirect} make the response <em>look</em> committed — {@link #isCommitted()} answers
 * {@code true}, later header changes are ignored and {@code reset()} throws, as they would be for
 * real — while nothing was sent. {@code sendError} and {@code sendRedirect} are replayed on the
 * wrapped response at release, so the container's error page (Spring Boot's {@code /error}, through
 * an ERROR dispatch) and its redirect handling run as for a STANDARD request.
 *
 * <p>Written by the request's threads one after the other (the container thread, then an async
 * thread, then the async dispatch); the body is guarded by this object's monitor all the same.
 */
final class HeldResponse extends HttpServletResponseWrapper {

  private final HttpServletRequest request;
  private final HttpServletResponse target;

  private @Nullable ByteArrayOutputStream bytes;
  private @Nullable CharArrayWriter chars;
  private @Nullable HeldOutputStream stream;
  private @Nullable PrintWriter writer;
  private @Nullable PrintWriter targetWriter;
  private boolean committed;
  private boolean closed;
  private long contentLength = -1;
  private @Nullable Ending ending;
  private boolean finished;

  /** A {@code sendError} or {@code sendRedirect} to replay on the wrapped response. */
  private sealed interface Ending permits ErrorEnding, RedirectEnding {
    int status();
  }

  private record ErrorEnding(int status, @Nullable String message) implements Ending {}

  private record RedirectEnding(String location, int status, boolean clearBuffer)
      implements Ending {}

  HeldResponse(HttpServletRequest request, HttpServletResponse target) {
    super(target);
    this.request = request;
    this.target = target;
  }

  /** The response this one holds back. */
  HttpServletResponse target() {
    return target;
  }

  /** Whether {@link #release()} or {@link #fail} ran. */
  synchronized boolean finished() {
    return finished;
  }

  /** Whether {@code response} is this one or a wrapper around it. */
  boolean isWrappedBy(ServletResponse response) {
    return response == this
        || (response instanceof ServletResponseWrapper wrapper && wrapper.isWrapperFor(this));
  }

  /** The status the application gave the response: the pending error or redirect's, if any. */
  @Override
  public synchronized int getStatus() {
    Ending pending = ending;
    return pending == null ? target.getStatus() : pending.status();
  }

  // ---- release ----

  /**
   * Writes what the application produced to the wrapped response: the held body, or the pending
   * {@code sendError} / {@code sendRedirect}. Headers the caller sets before this call go out with
   * it.
   */
  synchronized void release() throws IOException {
    finished = true;
    Ending pending = ending;
    if (pending instanceof ErrorEnding error) {
      if (error.message() == null) {
        target.sendError(error.status());
      } else {
        target.sendError(error.status(), error.message());
      }
      return;
    }
    if (pending instanceof RedirectEnding redirect) {
      if (!redirect.clearBuffer()) {
        writeBody();
      }
      target.sendRedirect(redirect.location(), redirect.status(), redirect.clearBuffer());
      return;
    }
    writeBody();
  }

  /**
   * Replaces what the application produced with a 500 and {@code message} (plain text); the headers
   * it set stay, the pending error or redirect is dropped.
   */
  synchronized void fail(String message) throws IOException {
    finished = true;
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    target.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    target.setContentType("text/plain;charset=UTF-8");
    target.setContentLength(body.length);
    PrintWriter locked = targetWriter;
    if (locked != null) {
      // The application took the writer, which locks the wrapped response to it; the message is
      // ASCII, so the writer's charset cannot change it.
      locked.write(message);
    } else {
      target.getOutputStream().write(body);
    }
  }

  private void writeBody() throws IOException {
    CharArrayWriter heldChars = chars;
    PrintWriter locked = targetWriter;
    if (heldChars != null && locked != null) {
      if (heldChars.size() > 0) {
        heldChars.writeTo(locked);
      }
      return;
    }
    ByteArrayOutputStream heldBytes = bytes;
    if (heldBytes != null && heldBytes.size() > 0) {
      heldBytes.writeTo(target.getOutputStream());
    }
  }

  // ---- the body ----

  @Override
  public synchronized ServletOutputStream getOutputStream() throws IOException {
    if (writer != null) {
      throw new IllegalStateException("getWriter() has already been called for this response");
    }
    HeldOutputStream held = stream;
    if (held == null) {
      // Locks the wrapped response to its stream, as the container would.
      target.getOutputStream();
      bytes = new ByteArrayOutputStream();
      held = new HeldOutputStream();
      stream = held;
    }
    return held;
  }

  @Override
  public synchronized PrintWriter getWriter() throws IOException {
    if (stream != null) {
      throw new IllegalStateException(
          "getOutputStream() has already been called for this response");
    }
    PrintWriter held = writer;
    if (held == null) {
      // The wrapped response's writer fixes the charset now, as the container's would; the chars
      // go through it at release.
      targetWriter = target.getWriter();
      chars = new CharArrayWriter();
      held = new PrintWriter(new HeldWriter());
      writer = held;
    }
    return held;
  }

  private synchronized void holdBytes(byte[] data, int offset, int length) {
    ByteArrayOutputStream held = bytes;
    if (held == null || ending != null || closed) {
      return; // a container ignores what is written after sendError, sendRedirect or close
    }
    held.write(data, offset, length);
    written(held.size());
  }

  // A byte at a time (a DataOutputStream, a hand-written encoder) without an array per byte.
  private synchronized void holdByte(int b) {
    ByteArrayOutputStream held = bytes;
    if (held == null || ending != null || closed) {
      return;
    }
    held.write(b);
    written(held.size());
  }

  private synchronized void holdChars(char[] data, int offset, int length) {
    CharArrayWriter held = chars;
    if (held == null || ending != null || closed) {
      return;
    }
    held.write(data, offset, length);
    written(held.size());
  }

  private void written(long size) {
    if (size > target.getBufferSize() || (contentLength >= 0 && size >= contentLength)) {
      committed = true;
    }
  }

  private synchronized void commitByFlush() {
    committed = true;
  }

  private synchronized void closeBody() {
    committed = true;
    closed = true;
  }

  private synchronized long heldSize() {
    ByteArrayOutputStream heldBytes = bytes;
    if (heldBytes != null) {
      return heldBytes.size();
    }
    CharArrayWriter heldChars = chars;
    return heldChars == null ? 0 : heldChars.size();
  }

  @Override
  public synchronized void flushBuffer() {
    committed = true;
  }

  @Override
  public synchronized boolean isCommitted() {
    return committed;
  }

  @Override
  public synchronized void resetBuffer() {
    if (committed) {
      throw new IllegalStateException("Cannot reset the buffer after the response was committed");
    }
    clearBody();
  }

  @Override
  public synchronized void reset() {
    if (committed) {
      throw new IllegalStateException("Cannot reset after the response was committed");
    }
    target.reset();
    clearBody();
    bytes = null;
    chars = null;
    stream = null;
    writer = null;
    targetWriter = null;
    contentLength = -1;
  }

  private void clearBody() {
    ByteArrayOutputStream heldBytes = bytes;
    if (heldBytes != null) {
      heldBytes.reset();
    }
    CharArrayWriter heldChars = chars;
    if (heldChars != null) {
      heldChars.reset();
    }
  }

  @Override
  public synchronized void setBufferSize(int size) {
    if (committed || heldSize() > 0) {
      throw new IllegalStateException("Cannot change the buffer size after content was written");
    }
    target.setBufferSize(size);
  }

  // ---- endings ----

  @Override
  public synchronized void sendError(int status, String message) {
    error(status, message);
  }

  @Override
  public synchronized void sendError(int status) {
    error(status, null);
  }

  private void error(int status, @Nullable String message) {
    if (committed) {
      throw new IllegalStateException("Cannot call sendError() after the response was committed");
    }
    clearBody();
    ending = new ErrorEnding(status, message);
    committed = true;
  }

  @Override
  public void sendRedirect(String location) {
    sendRedirect(location, HttpServletResponse.SC_FOUND, true);
  }

  @Override
  public void sendRedirect(String location, boolean clearBuffer) {
    sendRedirect(location, HttpServletResponse.SC_FOUND, clearBuffer);
  }

  @Override
  public void sendRedirect(String location, int status) {
    sendRedirect(location, status, true);
  }

  @Override
  public synchronized void sendRedirect(String location, int status, boolean clearBuffer) {
    if (committed) {
      throw new IllegalStateException(
          "Cannot call sendRedirect() after the response was committed");
    }
    if (clearBuffer) {
      clearBody();
    }
    ending = new RedirectEnding(location, status, clearBuffer);
    committed = true;
  }

  // ---- status and headers: set at once, ignored once the response looks committed ----

  @Override
  public synchronized void setStatus(int status) {
    if (!committed) {
      target.setStatus(status);
    }
  }

  @Override
  public synchronized void setHeader(String name, String value) {
    if (!committed) {
      contentLengthHeader(name, value);
      target.setHeader(name, value);
    }
  }

  @Override
  public synchronized void addHeader(String name, String value) {
    if (!committed) {
      contentLengthHeader(name, value);
      target.addHeader(name, value);
    }
  }

  @Override
  public synchronized void setIntHeader(String name, int value) {
    if (!committed) {
      contentLengthHeader(name, Integer.toString(value));
      target.setIntHeader(name, value);
    }
  }

  @Override
  public synchronized void addIntHeader(String name, int value) {
    if (!committed) {
      contentLengthHeader(name, Integer.toString(value));
      target.addIntHeader(name, value);
    }
  }

  @Override
  public synchronized void setDateHeader(String name, long date) {
    if (!committed) {
      target.setDateHeader(name, date);
    }
  }

  @Override
  public synchronized void addDateHeader(String name, long date) {
    if (!committed) {
      target.addDateHeader(name, date);
    }
  }

  private void contentLengthHeader(String name, @Nullable String value) {
    if ("Content-Length".equalsIgnoreCase(name) && value != null) {
      try {
        contentLength = Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        // The container rejects or ignores it as well; the held body keeps its own length.
      }
    }
  }

  @Override
  public synchronized void setContentLength(int length) {
    setContentLengthLong(length);
  }

  @Override
  public synchronized void setContentLengthLong(long length) {
    if (!committed) {
      contentLength = length;
      target.setContentLengthLong(length);
    }
  }

  @Override
  public synchronized void setContentType(String type) {
    if (!committed) {
      target.setContentType(type);
    }
  }

  @Override
  public synchronized void setCharacterEncoding(String charset) {
    if (!committed) {
      target.setCharacterEncoding(charset);
    }
  }

  @Override
  public synchronized void setCharacterEncoding(Charset charset) {
    if (!committed) {
      target.setCharacterEncoding(charset);
    }
  }

  @Override
  public synchronized void setLocale(Locale locale) {
    if (!committed) {
      target.setLocale(locale);
    }
  }

  @Override
  public synchronized void addCookie(Cookie cookie) {
    if (!committed) {
      target.addCookie(cookie);
    }
  }

  @Override
  public synchronized void setTrailerFields(Supplier<Map<String, String>> supplier) {
    if (!committed) {
      target.setTrailerFields(supplier);
    }
  }

  // ---- the stream and writer the application writes to ----

  private final class HeldOutputStream extends ServletOutputStream {

    @Override
    public void write(int b) {
      holdByte(b);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      holdBytes(data, offset, length);
    }

    @Override
    public void flush() {
      commitByFlush();
    }

    @Override
    public void close() {
      closeBody();
    }

    @Override
    public boolean isReady() {
      return true; // memory never blocks
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      if (!request.isAsyncStarted()) {
        throw new IllegalStateException("A WriteListener needs asynchronous mode");
      }
      // A container calls the listener on one of its threads, never inside this call.
      request
          .getAsyncContext()
          .start(
              () -> {
                try {
                  listener.onWritePossible();
                } catch (IOException | RuntimeException e) {
                  listener.onError(e);
                }
              });
    }
  }

  private final class HeldWriter extends Writer {

    @Override
    public void write(char[] data, int offset, int length) {
      holdChars(data, offset, length);
    }

    @Override
    public void flush() {
      commitByFlush();
    }

    @Override
    public void close() {
      closeBody();
    }
  }
}
