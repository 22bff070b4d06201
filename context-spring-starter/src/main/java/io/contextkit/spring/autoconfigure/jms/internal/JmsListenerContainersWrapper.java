package io.contextkit.spring.autoconfigure.jms.internal;

import io.contextkit.ContextPropagator;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.MessageListenerContainer;

/**
 * Wraps the listeners of the containers that {@code @JmsListener} methods get — they live in the
 * {@link JmsListenerEndpointRegistry}, not in the bean factory — before any of them starts: it runs
 * as the first {@link SmartLifecycle} phase, after every singleton (and so every endpoint) was
 * created. Containers registered with the registry later, at run time, are not covered.
 */
public final class JmsListenerContainersWrapper implements SmartLifecycle {

  private final JmsListenerEndpointRegistry registry;
  private final Supplier<ContextPropagator> propagator;
  private volatile boolean running;

  /**
   * @param registry the registry holding the {@code @JmsListener} containers
   * @param propagator the application's propagator, resolved lazily
   */
  public JmsListenerContainersWrapper(
      JmsListenerEndpointRegistry registry, Supplier<ContextPropagator> propagator) {
    this.registry = registry;
    this.propagator = propagator;
  }

  @Override
  public void start() {
    ContextPropagator resolved = propagator.get();
    for (String id : registry.getListenerContainerIds()) {
      MessageListenerContainer container = registry.getListenerContainer(id);
      if (container instanceof AbstractMessageListenerContainer abstractContainer) {
        JmsContextPostProcessor.wrapListener(abstractContainer, resolved, id);
      }
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Before every container (Integer.MAX_VALUE by default) and anything that sends on start.
    return Integer.MIN_VALUE;
  }
}
