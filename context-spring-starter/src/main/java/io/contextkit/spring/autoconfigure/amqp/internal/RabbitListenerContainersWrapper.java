package io.contextkit.spring.autoconfigure.amqp.internal;

import io.contextkit.ContextPropagator;
import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.adapter.AbstractAdaptableMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ErrorHandler;

/**
 * Prepares the {@code @RabbitListener} containers (they live in the {@link
 * RabbitListenerEndpointRegistry}, not in the bean factory) before any of them starts: adds a
 * {@link ContextReplyPostProcessor} to their listener adapters (keeping the adapters' own
 * post-processors) and wraps their error handlers in a {@link ContextErrorHandler}. Containers
 * registered later, at run time, are not covered.
 */
public final class RabbitListenerContainersWrapper implements SmartLifecycle {

  private final RabbitListenerEndpointRegistry registry;
  private final Supplier<ContextPropagator> propagator;
  private volatile boolean running;

  /**
   * @param registry the registry holding the {@code @RabbitListener} containers
   * @param propagator the application's propagator, resolved lazily
   */
  public RabbitListenerContainersWrapper(
      RabbitListenerEndpointRegistry registry, Supplier<ContextPropagator> propagator) {
    this.registry = registry;
    this.propagator = propagator;
  }

  @Override
  public void start() {
    for (MessageListenerContainer container : registry.getListenerContainers()) {
      if (container instanceof AbstractMessageListenerContainer abstractContainer) {
        if (abstractContainer.getMessageListener()
            instanceof AbstractAdaptableMessageListener adapter) {
          addReplyPostProcessor(adapter);
        }
        ErrorHandler errorHandler = abstractContainer.getErrorHandler();
        if (!(errorHandler instanceof ContextErrorHandler)) {
          abstractContainer.setErrorHandler(new ContextErrorHandler(errorHandler));
        }
      }
    }
    running = true;
  }

  private void addReplyPostProcessor(AbstractAdaptableMessageListener adapter) {
    MessagePostProcessor[] existing = adapter.getBeforeSendReplyPostProcessors();
    int length = existing == null ? 0 : existing.length;
    for (int i = 0; i < length; i++) {
      if (existing[i] instanceof ContextReplyPostProcessor) {
        return;
      }
    }
    // Last, so that it sees the reply as it will be sent.
    MessagePostProcessor[] processors =
        existing == null ? new MessagePostProcessor[1] : Arrays.copyOf(existing, length + 1);
    processors[length] = new ContextReplyPostProcessor(propagator);
    adapter.setBeforeSendReplyPostProcessors(processors);
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
    // Before every container (they start late) and anything that sends on start.
    return Integer.MIN_VALUE;
  }
}
