package io.contextkit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every contextkit.* key the starter reads is in the configuration metadata, with a description.
 */
class ConfigurationMetadataTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> properties() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      Map<String, Object> metadata = JsonMapper.builder().build().readValue(in, Map.class);
      List<Map<String, Object>> ours = new ArrayList<>();
      for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
        if (((String) property.get("name")).startsWith("contextkit")) {
          ours.add(property);
        }
      }
      return ours;
    }
  }

  @Test
  void everyKeyHasADescription() throws Exception {
    assertThat(properties())
        .isNotEmpty()
        .allSatisfy(
            property ->
                assertThat((String) property.get("description"))
                    .as("%s", property.get("name"))
                    .isNotBlank());
  }

  @Test
  void flagDefinitionKeysAreDescribedByTheAdditionalMetadata() throws Exception {
    assertThat(properties())
        .extracting(property -> property.get("name"))
        .contains(
            "contextkit.flags",
            "contextkit.flags.evaluators",
            "contextkit.flags.metadata",
            "contextkit.flags.enabled",
            "contextkit.flags.file",
            "contextkit.flags.strict",
            "contextkit.flags.watch-interval",
            "contextkit.logging.enabled");
  }

  @Test
  void channelGuardSwitchesAreDescribed() throws Exception {
    assertThat(properties())
        .extracting(property -> property.get("name"))
        .contains(
            "contextkit.trace.mail.enabled",
            "contextkit.trace.cache.enabled",
            "contextkit.trace.session.enabled",
            "contextkit.client.httpclient5.enabled",
            "contextkit.client.okhttp.enabled");
  }
}
