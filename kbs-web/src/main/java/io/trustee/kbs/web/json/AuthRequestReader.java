package io.trustee.kbs.web.json;

import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.service.KbsProtocolService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * The {@code POST /kbs/v0/auth} body; malformed is the handshake's 401 {@code AttestationError}
 * (counted here as an {@code /auth} request and error: the façade never sees it).
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class AuthRequestReader extends BodyReader<AuthRequest> {
  @Inject KbsMetrics metrics;

  public AuthRequestReader() {
    super(AuthRequest.class, KbsProtocolService::authRequest);
  }

  @Override
  public AuthRequest readFrom(
      Class<AuthRequest> t,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException {
    try {
      return super.readFrom(t, genericType, annotations, mediaType, httpHeaders, entityStream);
    } catch (KbsException e) {
      metrics.authRequested();
      metrics.authError();
      throw e;
    }
  }
}
