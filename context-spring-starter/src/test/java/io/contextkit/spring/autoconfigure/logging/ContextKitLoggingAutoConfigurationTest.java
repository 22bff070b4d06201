package io.contextkit.spring.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import io.contextkit.spring.autoconfigure.ContextKitAutoConfiguration;
import io.contextkit.spring.autoconfigure.logging.internal.LogbackApplicationFields;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ContextKitLoggingAutoConfigurationTest {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ContextKitAutoConfiguration.class, ContextKitLoggingAutoConfiguration.class));

  private static Object published() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getObject(ContextKitJsonProvider.FIELDS_OBJECT_KEY);
  }

  @Test
  void publishesNameProfilesAndVersionOnTheLogbackContext() {
    contextRunner
        .withPropertyValues(
            "spring.application.name=orders",
            "spring.profiles.active=prod,eu",
            "spring.application.version=2.0.1")
        .run(
            context -> {
              assertThat(context).hasSingleBean(LogbackApplicationFields.class);
              assertThat(published())
                  .isEqualTo(
                      Map.of(
                          "application_name", "orders",
                          "environment", "prod,eu",
                          "application_version", "2.0.1"));
            });
    // Withdrawn when the application context closes.
    assertThat(published()).isNull();
  }

  @Test
  void prefersTheBuildInfoVersion() {
    contextRunner
        .withUserConfiguration(BuildInfo.class)
        .withPropertyValues("spring.application.version=from-manifest")
        .run(
            context ->
                assertThat(context.getBean(LogbackApplicationFields.class).fields())
                    .containsEntry("application_version", "3.1.0")
                    .doesNotContainKeys("application_name", "environment"));
  }

  @Test
  void backsOffForAUserBean() {
    contextRunner
        .withBean(
            "custom",
            LogbackApplicationFields.class,
            () -> new LogbackApplicationFields("custom", new String[0], null))
        .run(
            context ->
                assertThat(context.getBean(LogbackApplicationFields.class).fields())
                    .containsOnly(Map.entry("application_name", "custom")));
  }

  @Test
  void offWhenItsPropertyIsFalse() {
    contextRunner
        .withPropertyValues("contextkit.logging.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(LogbackApplicationFields.class));
  }

  @Test
  void offWithoutLogstashLogbackEncoder() {
    contextRunner
        .withClassLoader(new FilteredClassLoader(net.logstash.logback.composite.JsonProvider.class))
        .run(context -> assertThat(context).doesNotHaveBean(LogbackApplicationFields.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class BuildInfo {
    @Bean
    BuildProperties buildProperties() {
      Properties properties = new Properties();
      properties.setProperty("version", "3.1.0");
      return new BuildProperties(properties);
    }
  }
}
