package io.contextkit.quarkus.test.devui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.devui.tests.DevUIBuildTimeDataTest;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;
import java.util.HashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The card follows a configuration change in dev mode: after a live reload the build-time data and
 * the enforced trust boundary show the new internal hosts.
 */
public class DevUiCardReloadTest {

  private static final String NAMESPACE = "context-quarkus";

  @RegisterExtension
  static final QuarkusDevModeTest APP =
      new QuarkusDevModeTest()
          .withApplicationRoot(
              jar ->
                  jar.addClass(PingResource.class)
                      .addAsResource(
                          new StringAsset(
                              "quarkus.devservices.enabled=false\n"
                                  + "quarkus.contextkit.trust.internal-hosts=before.example\n"),
                          "application.properties"));

  @Test
  public void showsTheNewTrustBoundaryAfterALiveReload() throws Exception {
    assertThat(configured()).containsEntry("trust.internal-hosts", "before.example");

    APP.modifyResourceFile(
        "application.properties",
        text -> text.replace("before.example", "*.svc.cluster.local,after.example"));
    // Dev mode reloads on the next request.
    given().get("/ping").then().statusCode(200);

    assertThat(configured())
        .containsEntry("trust.internal-hosts", "*.svc.cluster.local, after.example");
    Map<String, String> enforced =
        settings(new DevUIJsonRPCTest(NAMESPACE).executeJsonRPCMethod("getTrustBoundary"));
    assertThat(enforced)
        .containsEntry("trust.internal-hosts", "*.svc.cluster.local, after.example");
  }

  private static Map<String, String> configured() throws Exception {
    return settings(new BuildTimeData().getBuildTimeData("trustBoundary"));
  }

  private static Map<String, String> settings(JsonNode rows) {
    assertThat(rows).as("rows").isNotNull();
    Map<String, String> settings = new HashMap<>();
    for (JsonNode row : rows) {
      settings.put(row.get("setting").asText(), row.get("value").asText());
    }
    return settings;
  }

  /** The Dev UI's build-time data reader, for this extension's namespace. */
  private static final class BuildTimeData extends DevUIBuildTimeDataTest {
    BuildTimeData() {
      super(NAMESPACE);
    }
  }
}
