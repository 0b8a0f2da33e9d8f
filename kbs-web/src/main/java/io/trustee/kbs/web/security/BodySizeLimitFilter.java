package io.trustee.kbs.web.security;

import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.web.error.KbsExceptionMapper;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body limit ({@code kbs.max-request-bytes}, default 2 MiB as upstream's {@code
 * payload_request_size}). A declared {@code Content-Length} over the limit is refused before the
 * body is read; a body without one (chunked HTTP/1.1, HTTP/2) is read up to the limit and refused
 * as soon as it passes it. Both answer 413 with a problem body, and the server carries on. Bodies
 * within the limit are handed on from memory (every endpoint reads its body whole anyway).
 *
 * <p>A servlet filter rather than a JAX-RS interceptor, because it must see every body whatever the
 * transport and before any reader runs.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class BodySizeLimitFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient KbsSettings settings;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String method = req.getMethod();
    if (!("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))) {
      chain.doFilter(req, res);
      return;
    }
    long limit = settings.maxRequestBytes();
    if (req.getContentLengthLong() > limit) {
      tooLarge(res, limit);
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[16384];
    try (InputStream in = req.getInputStream()) {
      for (int n; (n = in.read(chunk)) != -1; ) {
        if (buffer.size() + (long) n > limit) {
          tooLarge(res, limit);
          return;
        }
        buffer.write(chunk, 0, n);
      }
    }
    chain.doFilter(new BufferedRequest(req, buffer.toByteArray()), res);
  }

  private static void tooLarge(HttpServletResponse res, long limit) throws IOException {
    res.setHeader("Connection", "close");
    KbsExceptionMapper.Problems.send(
        res,
        new KbsException(
            KbsError.PayloadTooLarge, "request body larger than the limit of " + limit + " bytes"));
  }

  /** The request with its body served from memory. */
  private static final class BufferedRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    BufferedRequest(HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("asynchronous reads are not used");
        }
      };
    }
  }
}
