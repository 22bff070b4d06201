package io.contextkit.quarkus.test;

import io.contextkit.testsupport.JulLogCapture;
import io.vertx.core.Vertx;

/** The test category the applications log to, and the capture of its records. */
public final class Logs {

  public static final String CATEGORY = "contextkit.test";

  private Logs() {}

  /**
   * Captures the records of {@link #CATEGORY} through the root logger, after the handlers Quarkus
   * configured, so each carries the MDC as they format it; the probe keeps the Vert.x context the
   * record was logged on.
   */
  public static JulLogCapture install() {
    return JulLogCapture.onRoot(CATEGORY, Vertx::currentContext);
  }
}
