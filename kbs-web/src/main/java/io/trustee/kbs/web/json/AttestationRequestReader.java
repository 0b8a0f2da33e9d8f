package io.trustee.kbs.web.json;

import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.service.AttestationApiService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/** The {@code POST /attestation} body of the AS API; malformed is a 400 naming the problem. */
@Provider
@Consumes(MediaType.WILDCARD)
public class AttestationRequestReader extends BodyReader<AttestationRequest> {
  public AttestationRequestReader() {
    super(AttestationRequest.class, AttestationApiService::request);
  }
}
