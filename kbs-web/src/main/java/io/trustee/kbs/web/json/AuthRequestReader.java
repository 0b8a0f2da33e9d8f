package io.trustee.kbs.web.json;

import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.service.KbsProtocolService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * The {@code POST /kbs/v0/auth} body; malformed is the handshake's 401 {@code AttestationError}.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class AuthRequestReader extends BodyReader<AuthRequest> {
  public AuthRequestReader() {
    super(AuthRequest.class, KbsProtocolService::authRequest);
  }
}
