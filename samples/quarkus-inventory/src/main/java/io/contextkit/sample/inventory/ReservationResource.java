package io.contextkit.sample.inventory;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /reservations} (called by the orders service with its signed context) and {@code GET
 * /reservations?orderId=N}. No authentication: the identity comes from the context, which the
 * extension accepts only when it is signed with the deployment's key.
 */
@Path("/reservations")
@Produces(MediaType.APPLICATION_JSON)
public final class ReservationResource {

  private final Inventory inventory;

  @Inject
  ReservationResource(Inventory inventory) {
    this.inventory = inventory;
  }

  /** Reserves stock: 201 with {@code {"id","orderId","status":"RESERVED"}}, 400 for a bad body. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reserve(@Nullable ReservationRequest request) {
    String sku = request == null ? null : request.sku();
    if (request == null || sku == null || sku.isBlank() || request.quantity() <= 0) {
      throw new BadRequestException("orderId, sku and a positive quantity are required");
    }
    Reservation reservation = inventory.reserve(request.orderId(), sku, request.quantity());
    Long id = reservation.getId();
    return Response.status(Response.Status.CREATED)
        .entity(
            new ReservationCreated(
                id == null ? 0L : id, reservation.getOrderId(), reservation.getStatus()))
        .build();
  }

  /** The reservations of one order. */
  @GET
  public List<ReservationView> list(@QueryParam("orderId") @Nullable Long orderId) {
    if (orderId == null) {
      throw new BadRequestException("orderId is required");
    }
    return inventory.list(orderId);
  }
}
