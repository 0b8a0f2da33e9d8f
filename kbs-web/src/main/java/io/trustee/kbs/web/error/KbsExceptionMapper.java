package io.trustee.kbs.web.error;

import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.service.TooManyRequestsException;
import io.trustee.kbs.util.LogSafe;
import io.trustee.kbs.web.dto.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Protocol failures → the status and body of kbs-protocol.md §11 (logged at FINE). */
@Provider
public class KbsExceptionMapper implements ExceptionMapper<KbsException> {
  private static final Logger LOG = Logger.getLogger(KbsExceptionMapper.class.getName());

  @Override
  public Response toResponse(KbsException e) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.log(
          Level.FINE,
          "request refused: {0}: {1}",
          new Object[] {e.error(), LogSafe.escape(e.detail(), 1024)});
    }
    Response r = Problems.of(e.status(), e.error().typeUri(), e.detail());
    if (e instanceof TooManyRequestsException t) {
      r.getHeaders().putSingle("Retry-After", String.valueOf(t.retryAfterSeconds()));
    }
    return r;
  }

  /** Builds the error responses; one place for the media type and body shape. */
  public static final class Problems {
    private Problems() {}

    public static Response of(int status, String type, String detail) {
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new ErrorBody(type, detail))
          .build();
    }
  }
}
