package io.contextkit.noop;

import java.io.IOException;
import java.net.URI;

/**
 * An internal service answered a TRACE call without the {@code Trace-Applied} acknowledgement: it
 * may have run the request for real, so the calling TRACE request fails instead of looking
 * successful. An {@link IOException} so it travels through HTTP client APIs unchanged.
 */
public final class TraceNotAcknowledgedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final URI uri;
  private final int status;

  /** Creates the exception for the call to {@code uri} that answered {@code status}. */
  public TraceNotAcknowledgedException(String method, URI uri, int status) {
    super(
        "TRACE request: internal service "
            + uri.getHost()
            + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
            + " answered "
            + method
            + " "
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + " with status "
            + status
            + " but without the "
            + TraceReport.TRACE_APPLIED_HEADER
            + ": "
            + TraceReport.TRACE_APPLIED_VALUE
            + " acknowledgement, so it may have run the request for real");
    this.uri = uri;
    this.status = status;
  }

  /** The destination that did not acknowledge. */
  public URI uri() {
    return uri;
  }

  /** The status it answered. */
  public int status() {
    return status;
  }
}
