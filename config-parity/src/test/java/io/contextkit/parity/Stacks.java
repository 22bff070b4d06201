package io.contextkit.parity;

import io.contextkit.config.ContextKitSettings;
import io.contextkit.quarkus.runtime.ContextKitRuntimeConfig;
import io.contextkit.quarkus.runtime.internal.QuarkusSettings;
import io.contextkit.spring.autoconfigure.ContextKitProperties;
import io.contextkit.spring.autoconfigure.internal.SpringSettings;
import io.contextkit.spring.autoconfigure.messaging.ContextKitMessagingProperties;
import io.contextkit.spring.autoconfigure.trace.TraceProperties;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Binds one property set, written once below the root, the way each framework does: Spring Boot's
 * {@link Binder} onto the starter's properties classes, SmallRye Config's mapping onto the
 * extension's {@link ContextKitRuntimeConfig}; then each framework module's own binding code turns
 * the result into the one settings model.
 *
 * <p>Keys are written in Spring's notation, map entries in brackets ({@code
 * trace.synthetic-responses[*.stripe.com].status}); for SmallRye they become quoted segments
 * ({@code trace.synthetic-responses."*.stripe.com".status}).
 */
final class Stacks {

  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)\\]");

  private Stacks() {}

  /**
   * The settings the Spring Boot starter makes of {@code relative}, bound below {@code contextkit}.
   */
  static ContextKitSettings spring(Map<String, String> relative) {
    Map<String, String> properties = new HashMap<>();
    relative.forEach((key, value) -> properties.put("contextkit." + key, value));
    Binder binder = new Binder(new MapConfigurationPropertySource(properties));
    ContextKitProperties main = new ContextKitProperties();
    binder.bind("contextkit", Bindable.ofInstance(main));
    ContextKitMessagingProperties messaging = new ContextKitMessagingProperties();
    binder.bind("contextkit.messaging", Bindable.ofInstance(messaging));
    TraceProperties trace = new TraceProperties();
    binder.bind("contextkit.trace", Bindable.ofInstance(trace));
    return SpringSettings.of(main, messaging, trace);
  }

  /**
   * The settings the Quarkus extension makes of {@code relative}, below {@code quarkus.contextkit}.
   */
  static ContextKitSettings quarkus(Map<String, String> relative) {
    Map<String, String> properties = new HashMap<>();
    relative.forEach((key, value) -> properties.put("quarkus.contextkit." + dotted(key), value));
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(ContextKitRuntimeConfig.class)
            // Quarkus' own Duration converter, as in a Quarkus application ("60S", "500ms").
            .withConverter(Duration.class, 200, new DurationConverter())
            .withSources(new PropertiesConfigSource(properties, "parity", 500))
            .build();
    return QuarkusSettings.of(config.getConfigMapping(ContextKitRuntimeConfig.class));
  }

  /** {@code a[b.c].d} as SmallRye writes it: {@code a."b.c".d}. */
  static String dotted(String key) {
    Matcher m = BRACKETED.matcher(key);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(".\"" + m.group(1) + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }
}
