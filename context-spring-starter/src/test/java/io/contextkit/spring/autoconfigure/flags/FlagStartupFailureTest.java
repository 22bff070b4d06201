package io.contextkit.spring.autoconfigure.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A real application start: an invalid flag no longer stops the application (it loads as flagd
 * loads it, answers an error and is logged), unless {@code contextkit.flags.strict=true}, which
 * makes Boot's failure report name the flag; a flags file that is not JSON stops it either way.
 */
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

  private static final String[] INVALID_CHECKOUT = {
    "contextkit.flags.checkout.variants.on=true",
    "contextkit.flags.checkout.default-variant=blue",
    "contextkit.flags.pricing.variants.new=true",
    "contextkit.flags.pricing.default-variant=new"
  };

  @Test
  void anInvalidFlagInPropertiesLoadsAndAnswersAnErrorWithoutStoppingTheApplication(
      CapturedOutput output) {
    try (ConfigurableApplicationContext context = app(INVALID_CHECKOUT).run()) {
      Client client = context.getBean(Client.class);
      FlagEvaluationDetails<Boolean> checkout = client.getBooleanDetails("checkout", false);
      assertThat(checkout.getValue()).isFalse();
      assertThat(checkout.getReason()).isEqualTo("ERROR");
      assertThat(checkout.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
      // The other flags are served.
      assertThat(client.getBooleanValue("pricing", false)).isTrue();
    }
    assertThat(output.getOut() + output.getErr())
        .doesNotContain("APPLICATION FAILED TO START")
        .contains("Feature flag \"checkout\" loaded with 1 problem")
        .contains("defaultVariant \"blue\" is not one of the variants [on]");
  }

  @Test
  void anInvalidFlagInPropertiesFailsStartupWhenStrictWithAReportNamingTheFlag(
      CapturedOutput output) {
    assertThatThrownBy(() -> app(INVALID_CHECKOUT).properties("contextkit.flags.strict=true").run())
        .isNotNull();
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("ContextKit could not load the feature flags: flag \"checkout\"")
        .contains("\"blue\"")
        .contains("Fix the definition of flag \"checkout\" under contextkit.flags.checkout.*")
        .contains("contextkit.flags.strict=true makes every problem a startup failure");
  }

  @Test
  void unquotedOnOffInYamlLoadsWithAHintToQuoteThem(CapturedOutput output) {
    try (ConfigurableApplicationContext context =
        app("spring.config.name=flags-unquoted-yaml").run()) {
      assertThat(context.getBean(Client.class).getBooleanDetails("dark-mode", true).getErrorCode())
          .isEqualTo(ErrorCode.GENERAL);
    }
    assertThat(output.getOut() + output.getErr())
        .contains("Feature flag \"dark-mode\"")
        .contains("quote the variant names");
  }

  @Test
  void unquotedOnOffInYamlFailsStartupWhenStrictWithAHintToQuoteThem(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                app("spring.config.name=flags-unquoted-yaml", "contextkit.flags.strict=true")
                    .run()
                    .close())
        .isNotNull();
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("flag \"dark-mode\"")
        .contains("quote variant names such as \"on\" and \"off\"");
  }

  @Test
  void aFlagsFileThatIsNotJsonFailsStartupAsItWouldInFlagd(@TempDir Path dir, CapturedOutput output)
      throws Exception {
    Path file = Files.writeString(dir.resolve("flags.flagd.json"), "{\"flags\": {\"a\": ");
    assertThatThrownBy(() -> app("contextkit.flags.file=" + file).run().close()).isNotNull();
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("ContextKit could not load the feature flags: " + file + ": invalid JSON");
  }
}
