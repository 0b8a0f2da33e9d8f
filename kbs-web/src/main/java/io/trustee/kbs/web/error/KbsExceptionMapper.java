package io.trustee.kbs.web.error;

import io.trustee.kbs.json.Json;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.service.TooManyRequestsException;
import io.trustee.kbs.util.LogSafe;
import io.trustee.kbs.web.dto.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Protocol failures → the status and body of kbs-protocol.md §11 (logged at FINE). The one place
 * that knows which HTTP status each error type and each {@link KbsException.Refusal} is.
 */
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
    Response r = Problems.of(status(e), e.error().typeUri(), e.detail());
    if (e instanceof TooManyRequestsException t) {
      r.getHeaders().putSingle("Retry-After", String.valueOf(t.retryAfterSeconds()));
    }
    return r;
  }

  /** The status of {@code e}: its refusal's if it has one, else upstream's for its type. */
  public static int status(KbsException e) {
    return e.refusal().map(KbsExceptionMapper::status).orElseGet(() -> status(e.error()));
  }

  /** The status upstream sends for each error type (kbs-protocol.md §11), and ours for the rest. */
  public static int status(KbsError error) {
    return switch (error) {
      case AttestationError,
          AdminAuthAccess,
          AdminAuthInitialization,
          TokenNotFound,
          TokenVerifierError,
          PolicyDeny,
          PolicyEngineError,
          ParsePolicyError,
          PluginInternalError,
          JweError,
          RvpsError,
          SerdeError ->
          401;
      case PluginNotFound, InvalidRequestPath -> 404;
      case ConcurrentModification -> 409;
      case PayloadTooLarge -> 413;
      case TooManyRequests -> 429;
      case KeyUnavailable -> 503;
    };
  }

  /** The status of a refusal that departs from upstream's answer for the error type. */
  public static int status(KbsException.Refusal refusal) {
    return switch (refusal) {
      case INVALID_INPUT -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
    };
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

    /**
     * The same answer written by a servlet filter, which runs before JAX-RS: status, {@code
     * application/json} and the body, with the server's JSON configuration.
     */
    public static void send(HttpServletResponse res, KbsException e) throws IOException {
      res.setStatus(status(e));
      res.setContentType(MediaType.APPLICATION_JSON);
      res.getOutputStream()
          .write(Json.mapper().writeValueAsBytes(new ErrorBody(e.error().typeUri(), e.detail())));
    }
  }
}
