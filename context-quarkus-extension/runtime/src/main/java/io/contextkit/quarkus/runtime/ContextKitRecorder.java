package io.contextkit.quarkus.runtime;

import io.contextkit.ContextPropagator;
import io.quarkus.arc.runtime.BeanContainer;
import io.quarkus.runtime.annotations.Recorder;

/** Runtime steps of the extension; each delegates to plain runtime code. */
@Recorder
public class ContextKitRecorder {

  /**
   * Builds the propagator bean at startup, so that an invalid {@code quarkus.contextkit.*} setting
   * stops the application with a message naming the key instead of failing the first request.
   */
  public void initPropagator(BeanContainer container) {
    container.beanInstance(ContextPropagator.class).trustPolicy();
  }
}
