package io.trustee.kbs.web.metrics;

import io.trustee.kbs.metrics.KbsMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Upstream's request metrics for the KBS endpoints ({@code /kbs/*}; not {@code /metrics}, not the
 * health endpoints): {@code kbs_http_requests_total}, the duration and body-size histograms and
 * {@code kbs_http_active_connections}. Mapped ahead of every other filter ({@link
 * HttpMetricsRegistration}), so that requests the rate limiter or the body-size limit refuse are
 * counted too.
 *
 * <p>The request size is the declared {@code Content-Length}, or the bytes read when there is none
 * (chunked); the response size is the bytes written. No endpoint is asynchronous, so the request
 * has ended when the chain returns.
 */
public class HttpMetricsFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient KbsMetrics metrics;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    metrics.requestStarted();
    CountingRequest countedReq = new CountingRequest(req);
    CountingResponse countedRes = new CountingResponse(res);
    try {
      chain.doFilter(countedReq, countedRes);
    } finally {
      long declared = req.getContentLengthLong();
      metrics.requestEnded(
          (System.nanoTime() - start) / 1e9,
          declared >= 0 ? declared : countedReq.bytes(),
          countedRes.bytes());
    }
  }

  /** Counts the body bytes read through {@link #getInputStream()}. */
  private static final class CountingRequest extends HttpServletRequestWrapper {
    private CountingInput input;

    CountingRequest(HttpServletRequest req) {
      super(req);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (input == null) {
        input = new CountingInput(super.getInputStream());
      }
      return input;
    }

    long bytes() {
      return input == null ? 0 : input.count;
    }
  }

  private static final class CountingInput extends ServletInputStream {
    private final ServletInputStream in;
    long count;

    CountingInput(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }

  /** Counts the body bytes written, through the output stream or the writer. */
  private static final class CountingResponse extends HttpServletResponseWrapper {
    private CountingOutput output;
    private PrintWriter writer;

    CountingResponse(HttpServletResponse res) {
      super(res);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (output == null) {
        output = new CountingOutput(super.getOutputStream());
      }
      return output;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        writer =
            new PrintWriter(
                new OutputStreamWriter(getOutputStream(), Charset.forName(getCharacterEncoding())));
      }
      return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
      if (writer != null) {
        writer.flush();
      }
      super.flushBuffer();
    }

    long bytes() {
      if (writer != null) {
        writer.flush();
      }
      return output == null ? 0 : output.count;
    }
  }

  private static final class CountingOutput extends ServletOutputStream {
    private final ServletOutputStream out;
    long count;

    CountingOutput(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }
}
