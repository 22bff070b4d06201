package io.contextkit.sample.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A harness endpoint, addressed by the full URL it gave: the client's base URI. */
public interface ConformanceTarget {

  /** Posts the harness's arguments as JSON. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  Response post(JsonNode arguments);
}
