package io.trustee.kbs.web.resource;

import io.trustee.kbs.service.CallGuidance;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.service.KbsException.Refusal;
import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * {@code /resource/...} outside {@code /kbs/v0} (the source document's shorthand {@code GET
 * $KBS_URL/resource/<ns>/<name>}): 404 {@code InvalidRequestPath} whose detail names {@code
 * /kbs/v0/resource/...} and how a guest gets a token for it ({@link
 * CallGuidance#resourceOutsideKbs}), whatever the credentials; nothing is read or released.
 */
@Path("resource")
@PublicEndpoint("only ever answers 404 with directions to /kbs/v0/resource, to everyone")
public class OutsideKbsResourcePathResource {

  static KbsException notHere(String rest) {
    return new KbsException(
        KbsError.InvalidRequestPath, Refusal.NOT_FOUND, CallGuidance.resourceOutsideKbs(rest));
  }

  @GET
  public void get() {
    throw notHere("");
  }

  @POST
  public void post() {
    throw notHere("");
  }

  @GET
  @Path("{rest: .*}")
  public void getDeep(@Encoded @PathParam("rest") String rest) {
    throw notHere(rest);
  }

  @POST
  @Path("{rest: .*}")
  public void postDeep(@Encoded @PathParam("rest") String rest) {
    throw notHere(rest);
  }

  @PUT
  @Path("{rest: .*}")
  public void putDeep(@Encoded @PathParam("rest") String rest) {
    throw notHere(rest);
  }

  @DELETE
  @Path("{rest: .*}")
  public void deleteDeep(@Encoded @PathParam("rest") String rest) {
    throw notHere(rest);
  }
}
