package io.contextkit.spring.autoconfigure.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** A real application start with invalid flags fails and Boot's failure report says why. */
@ExtendWith(OutputCaptureExtension.class)
class FlagStartupFailureTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  private static SpringApplicationBuilder app(String... properties) {
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties("spring.main.banner-mode=off")
        .properties(properties);
  }

  @Test
  void invalidFlagInPropertiesFailsStartupWithAReportNamingTheFlag(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                app(
                        "contextkit.flags.checkout.variants.on=true",
                        "contextkit.flags.checkout.default-variant=blue")
                    .run()
                    .close())
        .isNotNull();
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("ContextKit could not load the feature flags: flag \"checkout\"")
        .contains("\"blue\"")
        .contains("Fix the definition of flag \"checkout\" under contextkit.flags.checkout.*");
  }

  @Test
  void unquotedOnOffInYamlFailsStartupWithAHintToQuoteThem(CapturedOutput output) {
    assertThatThrownBy(() -> app("spring.config.name=flags-unquoted-yaml").run().close())
        .isNotNull();
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("flag \"dark-mode\"")
        .contains("quote variant names such as \"on\" and \"off\"");
  }
}
