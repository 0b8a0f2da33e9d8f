package io.trustee.kbs.web.security;

import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body limit ({@code kbs.max-request-bytes}, default 2 MiB as upstream's {@code
 * payload_request_size}): a declared {@code Content-Length} over the limit is refused before the
 * body is read, and a chunked body is cut off as soon as it passes the limit. Both answer 413 with
 * a problem body; the connection and the server carry on.
 */
@Provider
@PreMatching
@Priority(Priorities.ENTITY_CODER)
public class BodySizeLimit implements ContainerRequestFilter, ReaderInterceptor {

  @Inject KbsSettings settings;

  private KbsException tooLarge(long limit) {
    return new KbsException(
        KbsError.PayloadTooLarge, "request body larger than the limit of " + limit + " bytes");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    long limit = settings.maxRequestBytes();
    String declared = request.getHeaderString("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          throw tooLarge(limit);
        }
      } catch (NumberFormatException e) {
        // Malformed lengths are the HTTP layer's concern; the stream limit below still applies.
      }
    }
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    long limit = settings.maxRequestBytes();
    context.setInputStream(new LimitedInputStream(context.getInputStream(), limit));
    return context.proceed();
  }

  private final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    private void add(long n) {
      if (n > 0 && (count += n) > limit) {
        throw tooLarge(limit);
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      add(n);
      return n;
    }
  }
}
