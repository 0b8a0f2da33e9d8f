package io.trustee.kbs.web.error;

import io.trustee.kbs.service.CallGuidance;
import io.trustee.kbs.service.ConcurrentWrites;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.util.LogSafe;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything not mapped elsewhere. JAX-RS's own client errors (404 of an unknown path, 405, 415,
 * unparsable JSON) keep their status with a problem body (a 404's detail lists the KBS endpoints,
 * {@link CallGuidance#unknownPath}); a write that lost a race against another replica or request
 * ({@link ConcurrentWrites}) is 409 {@code ConcurrentModification} (nothing was stored; the client
 * may retry); anything else is a malfunction: 500, logged with its stack and an incident id,
 * generic body.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(Throwable t) {
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (c instanceof KbsException k) {
        // Thrown by a MessageBodyReader: the runtime may wrap it before the mappers see it.
        return new KbsExceptionMapper().toResponse(k);
      }
    }
    if (t instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
      int status = w.getResponse().getStatus();
      String type =
          status == 404 ? KbsError.PluginNotFound.typeUri() : KbsError.TYPE_PREFIX + "HTTPFailed";
      LOG.log(
          Level.FINE,
          "client error {0}: {1}",
          new Object[] {status, LogSafe.escape(t.getMessage())});
      String detail =
          status == 404
              ? CallGuidance.unknownPath(requestPath())
              : w.getResponse().getStatusInfo().getReasonPhrase();
      return KbsExceptionMapper.Problems.of(status, type, detail);
    }
    if (ConcurrentWrites.isConflict(t)) {
      // The class only: database messages can quote the statement's values.
      LOG.log(Level.INFO, "concurrent write refused with 409 ({0})", t.getClass().getName());
      return KbsExceptionMapper.Problems.of(
          KbsExceptionMapper.status(KbsError.ConcurrentModification),
          KbsError.ConcurrentModification.typeUri(),
          "the object was changed by another request or replica at the same time; nothing was "
              + "stored, retry the request");
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "internal error, incident " + incident, t);
    return KbsExceptionMapper.Problems.of(
        500, "about:blank", "internal server error (incident " + incident + ")");
  }

  /** The raw request path, or a placeholder outside a request. */
  private String requestPath() {
    try {
      return uriInfo == null ? "this path" : uriInfo.getRequestUri().getRawPath();
    } catch (RuntimeException e) {
      return "this path";
    }
  }
}
