package io.contextkit.spring.autoconfigure.trace.internal;

import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.noop.TracePolicy;
import io.contextkit.noop.UnguardedChannels;
import io.contextkit.spring.autoconfigure.trace.EffectChannelContributor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Builds the effect-channel inventory once every singleton exists (and every post-processor has
 * wrapped what it guards), before the web server accepts requests, logs the one startup line, and
 * then hands the {@link TracePolicy} to the TRACE entry points (servlet filter, WebFlux filter,
 * actuator). Until then every TRACE request is refused ({@link TracePolicy#starting}). An invalid
 * safe declaration fails startup with a message naming its key.
 *
 * <p>This class is internal and is hence not for public use.
 */
public final class TracePolicyHolder
    implements SmartInitializingSingleton, BeanFactoryAware, Supplier<TracePolicy> {

  private static final Logger LOG = LoggerFactory.getLogger("io.contextkit.trace");

  private final boolean enabled;
  private final UnguardedChannels onUnguarded;
  private final Map<String, Map<String, String>> safeChannels;
  private final ObjectProvider<EffectChannelContributor> contributors;
  private volatile TracePolicy policy;
  private ConfigurableListableBeanFactory beans;

  /**
   * @param enabled {@code contextkit.trace.enabled}
   * @param onUnguarded {@code contextkit.trace.unguarded-channels}
   * @param safeChannels {@code contextkit.trace.safe-channels}
   * @param contributors asked first, in order
   */
  public TracePolicyHolder(
      boolean enabled,
      UnguardedChannels onUnguarded,
      Map<String, Map<String, String>> safeChannels,
      ObjectProvider<EffectChannelContributor> contributors) {
    this.enabled = enabled;
    this.onUnguarded = onUnguarded;
    this.safeChannels = safeChannels;
    this.contributors = contributors;
    this.policy = TracePolicy.starting(enabled);
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
    this.beans = (ConfigurableListableBeanFactory) beanFactory;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<EffectChannelContributor> ordered = contributors.orderedStream().toList();
    EffectChannelInventory inventory =
        EffectChannelInventory.create(
            new EffectChannelScanner(beans, ordered).scan(),
            safeChannels,
            EffectChannelInventory.Keys.spring());
    TracePolicy built = TracePolicy.of(enabled, onUnguarded, inventory);
    if (built.startupLineIsWarning()) {
      LOG.warn(built.startupLine());
    } else {
      LOG.info(built.startupLine());
    }
    this.policy = built;
  }

  /** The policy: refusing every TRACE request until the inventory is built. */
  @Override
  public TracePolicy get() {
    return policy;
  }
}
