package io.contextkit.spring.autoconfigure.logging;

import ch.qos.logback.classic.LoggerContext;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.logging.internal.JsonLoggingCheck;
import io.contextkit.spring.autoconfigure.logging.internal.LogbackApplicationFields;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the application fields written by {@link ContextKitJsonProvider}: {@code
 * application_name} from {@code spring.application.name}, {@code environment} from the active
 * profiles, {@code application_version} from the build info ({@code
 * META-INF/build-info.properties}) or else {@code spring.application.version} (the main class's
 * manifest). They are published on the Logback context when this bean initialises, so log lines
 * written earlier during startup carry only the host name.
 *
 * <p>The context fields themselves need no configuration: ContextKit's MDC projection is always on.
 * A {@code logback-spring.xml} that asks for the ContextKit JSON lines while another Logback file
 * is in effect gets one WARN at startup ({@code JsonLoggingCheck}).
 */
@AutoConfiguration(after = {ContextKitAutoConfiguration.class, ProjectInfoAutoConfiguration.class})
@ConditionalOnClass({LoggerContext.class, net.logstash.logback.composite.JsonProvider.class})
@ConditionalOnBooleanProperty(name = "contextkit.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "contextkit.logging.enabled", matchIfMissing = true)
public final class ContextKitLoggingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  LogbackApplicationFields contextKitLogbackApplicationFields(
      Environment environment, ObjectProvider<BuildProperties> buildProperties) {
    BuildProperties build = buildProperties.getIfAvailable();
    String version = build == null ? null : build.getVersion();
    if (version == null) {
      version = environment.getProperty("spring.application.version");
    }
    return new LogbackApplicationFields(
        environment.getProperty("spring.application.name"),
        environment.getActiveProfiles(),
        version);
  }

  /** Warns when a logback-spring.xml asks for the ContextKit JSON lines and another file wins. */
  @Bean
  @ConditionalOnMissingBean
  JsonLoggingCheck contextKitJsonLoggingCheck(ResourceLoader resourceLoader) {
    ClassLoader loader = resourceLoader.getClassLoader();
    return new JsonLoggingCheck(
        loader != null ? loader : ContextKitLoggingAutoConfiguration.class.getClassLoader());
  }
}
