package io.trustee.kbs.web.resource;

import io.trustee.kbs.service.CallGuidance;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Any {@code /kbs/v0/{plugin}/...} that is not a built-in endpoint or a configured plugin: 404
 * {@code PluginNotFound}, as upstream's dispatcher answers (e.g. {@code GET /kbs/v0/auth}), with a
 * detail that lists the KBS endpoints and how guests reach them ({@link CallGuidance}).
 */
@Path("kbs/v0/{plugin}")
@PublicEndpoint("only ever answers 404 PluginNotFound, to everyone, as upstream")
public class PluginNotFoundResource {

  static KbsException notFound(String plugin) {
    return new KbsException(KbsError.PluginNotFound, CallGuidance.unknownKbsPath(plugin));
  }

  @GET
  public void get(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }

  @POST
  public void post(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }

  @PUT
  public void put(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }

  @DELETE
  public void delete(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }

  @GET
  @Path("{rest: .*}")
  public void getDeep(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }

  @POST
  @Path("{rest: .*}")
  public void postDeep(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }

  @PUT
  @Path("{rest: .*}")
  public void putDeep(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }

  @DELETE
  @Path("{rest: .*}")
  public void deleteDeep(@PathParam("plugin") String plugin) {
    throw notFound(plugin);
  }
}
