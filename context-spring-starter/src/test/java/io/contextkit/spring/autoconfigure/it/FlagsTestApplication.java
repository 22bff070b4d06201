package io.contextkit.spring.autoconfigure.it;

import dev.openfeature.sdk.Client;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application whose controller evaluates a flag with the OpenFeature Client bean. */
@SpringBootConfiguration
@EnableAutoConfiguration(
    excludeName = {
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
    })
@Import(FlagsTestApplication.PricingController.class)
class FlagsTestApplication {

  static final Logger LOG = LoggerFactory.getLogger(PricingController.class);

  @RestController
  static class PricingController {

    private final Client flags;

    PricingController(Client flags) {
      this.flags = flags;
    }

    @GetMapping("/pricing")
    Map<String, Object> pricing() {
      LOG.info("pricing requested");
      boolean newPricing = flags.getBooleanValue("new-pricing", false);
      LOG.info("pricing computed");
      LOG.info("pricing answered");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("newPricing", newPricing);
      body.put("banner", flags.getStringValue("checkout-banner", "none"));
      return body;
    }
  }
}
