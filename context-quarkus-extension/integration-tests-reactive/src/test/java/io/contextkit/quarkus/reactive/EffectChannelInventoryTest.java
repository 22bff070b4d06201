package io.contextkit.quarkus.reactive;

import static io.contextkit.quarkus.reactive.Requests.id;
import static io.contextkit.quarkus.reactive.Requests.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.contextkit.noop.EffectChannel;
import io.contextkit.noop.EffectChannel.Kind;
import io.contextkit.noop.EffectChannel.Status;
import io.contextkit.noop.EffectChannelInventory;
import io.contextkit.quarkus.runtime.internal.EffectChannels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inventory of effect channels of a Hibernate Reactive Panache and Vert.x SQL client
 * application: the reactive datasource's pool, which ContextKit's stand-in bean guards, is a
 * guarded channel under the datasource's name, so the TRACE policy lets TRACE requests through.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class EffectChannelInventoryTest {

  @Inject EffectChannels channels;

  @Test
  void theReactiveDatasourcePoolIsAGuardedChannel() {
    EffectChannelInventory inventory = channels.policy().inventory();
    assertThat(inventory).isNotNull();
    List<EffectChannel> pools =
        inventory.channels().stream().filter(c -> c.kind() == Kind.REACTIVE_SQL_POOL).toList();

    assertThat(pools).extracting(EffectChannel::name).containsExactly("<default>");
    assertThat(pools.get(0).status()).isEqualTo(Status.GUARDED);
    assertThat(pools.get(0).detail()).startsWith("Vert.x SQL client pool guarded");
    assertThat(inventory.unguarded()).isEmpty();
    assertThat(channels.policy().startupLine()).contains("TRACE requests are served");
  }

  @Test
  void soATraceRequestRunsInsteadOfBeingRefused() {
    Response response = trace(id("inventory")).get("/notes");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("Trace-Applied")).isEqualTo("request_type=TRACE");
  }
}
