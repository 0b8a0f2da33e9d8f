package io.trustee.kbs.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection of {@code kbs-client load}: a plain or TLS socket, requests written with
 * {@code Content-Length}, responses read with {@code Content-Length}, {@code chunked} or
 * read-until-close bodies, kept alive until the server says {@code Connection: close}.
 *
 * <p>Why not {@link java.net.http.HttpClient}: the load tool must decide exactly which TCP and TLS
 * connection each request travels on (one new connection, with a full TLS handshake, per simulated
 * guest; its later fetches on that same connection), and must cost little per guest. {@code
 * HttpClient} pools connections behind the caller's back (a second guest would reuse the first
 * guest's connection and TLS session), and each client instance starts its own selector thread, so
 * "one client per guest" costs a thread and a selector per guest. A blocking socket per guest, read
 * and written by the guest's own thread, is what a guest of a node pool does, and it is the
 * cheapest way to drive a server. What this class does not do (redirects, proxies, compression,
 * {@code Expect: 100-continue}, HTTP/2, pipelining) the KBS protocol does not need.
 *
 * <p>About 400 lines because the whole HTTP/1.1 framing is here (status line, headers, the three
 * body framings, keep-alive and the stale-connection case); split, the pieces would only call each
 * other.
 *
 * <p>Not thread-safe: one connection is used by one thread at a time.
 */
final class LoadHttp implements Closeable {
  /** Largest response body accepted (a resource JWE is a few KiB; a list can be larger). */
  static final int MAX_BODY = 16 * 1024 * 1024;

  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;

  /** Where to connect, resolved once; {@code tls} null means plain HTTP. */
  record Endpoint(
      InetSocketAddress address,
      String host,
      int port,
      SSLContext tls,
      java.security.AlgorithmConstraints tlsConstraints) {
    Endpoint {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(host, "host");
    }

    /** The {@code Host} header value. */
    String hostHeader() {
      boolean defaultPort = tls == null ? port == 80 : port == 443;
      String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
      return defaultPort ? h : h + ":" + port;
    }

    /** The same endpoint with another TLS context (a fresh one per guest: no session reuse). */
    Endpoint withTls(SSLContext ctx) {
      return new Endpoint(address, host, port, ctx, tlsConstraints);
    }
  }

  /** A response; header names are lower case. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    Optional<String> header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The value of cookie {@code name} from the {@code Set-Cookie} headers. */
    Optional<String> cookie(String name) {
      for (String header : headers.getOrDefault("set-cookie", List.of())) {
        String first = header.split(";", 2)[0].trim();
        int eq = first.indexOf('=');
        if (eq > 0 && first.substring(0, eq).trim().equals(name)) {
          return Optional.of(first.substring(eq + 1).trim());
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The server closed a connection that had already carried a request before answering the next one
   * (an idle or request-count keep-alive limit): the request may be sent again on a new connection.
   */
  static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String hostHeader;
  private int exchanges;
  private boolean reusable = true;

  private LoadHttp(Socket socket, String hostHeader) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    this.hostHeader = hostHeader;
  }

  /**
   * Opens a connection and, for TLS, completes the handshake (host-name verification as for HTTPS
   * unless the context's trust manager skips it, see {@link InsecureTrust}).
   */
  static LoadHttp connect(Endpoint endpoint, int timeoutMillis) throws IOException {
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.connect(endpoint.address(), timeoutMillis);
      raw.setSoTimeout(timeoutMillis);
      if (endpoint.tls() == null) {
        return new LoadHttp(raw, endpoint.hostHeader());
      }
      SSLSocket tls =
          (SSLSocket)
              endpoint
                  .tls()
                  .getSocketFactory()
                  .createSocket(raw, endpoint.host(), endpoint.port(), true);
      SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      if (endpoint.tlsConstraints() != null) {
        params.setAlgorithmConstraints(endpoint.tlsConstraints());
      }
      tls.setSSLParameters(params);
      tls.startHandshake();
      return new LoadHttp(tls, endpoint.hostHeader());
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Whether the server left the connection open for another request. */
  boolean reusable() {
    return reusable && !socket.isClosed();
  }

  /** The socket (for its TLS session in tests). */
  Socket socket() {
    return socket;
  }

  /**
   * Sends one request and reads the whole response. {@code headers} are name/value pairs; {@code
   * body} may be null (no body). A {@link StaleConnectionException} means the connection had
   * carried an earlier exchange and closed before any byte of this answer arrived.
   */
  Response exchange(String method, String path, List<String> headers, byte[] body)
      throws IOException {
    if (!reusable()) {
      throw new StaleConnectionException("connection closed by the server", null);
    }
    boolean reused = exchanges > 0;
    exchanges++;
    StringBuilder sb = new StringBuilder(256);
    sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    sb.append("Host: ").append(hostHeader).append("\r\n");
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      sb.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
    }
    if (body != null) {
      sb.append("Content-Length: ").append(body.length).append("\r\n");
    }
    sb.append("\r\n");
    String statusLine;
    try {
      out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      statusLine = readLine(in);
    } catch (IOException e) {
      reusable = false;
      if (reused && !(e instanceof java.net.SocketTimeoutException)) {
        throw new StaleConnectionException("kept-alive connection closed: " + e, e);
      }
      throw e;
    }
    if (statusLine == null) {
      reusable = false;
      if (reused) {
        throw new StaleConnectionException("kept-alive connection closed by the server", null);
      }
      throw new EOFException("connection closed before the response");
    }
    try {
      return readResponse(statusLine, method);
    } catch (IOException | RuntimeException e) {
      reusable = false;
      throw e;
    }
  }

  private Response readResponse(String statusLine, String method) throws IOException {
    while (true) {
      int status = parseStatus(statusLine);
      boolean http10 = statusLine.startsWith("HTTP/1.0");
      Map<String, List<String>> headers = readHeaders(in);
      if (status >= 100 && status < 200 && status != 101) {
        statusLine = readLine(in);
        if (statusLine == null) {
          throw new EOFException("connection closed after an interim response");
        }
        continue;
      }
      String connection = join(headers.get("connection"));
      boolean close =
          http10
              ? !connection.contains("keep-alive")
              : connection.toLowerCase(Locale.ROOT).contains("close");
      byte[] body;
      String te = join(headers.get("transfer-encoding")).toLowerCase(Locale.ROOT);
      if ("HEAD".equals(method) || status == 204 || status == 304) {
        body = new byte[0];
      } else if (te.contains("chunked")) {
        body = readChunked(in);
      } else if (headers.containsKey("content-length")) {
        body = readFixed(in, parseLength(headers.get("content-length")));
      } else {
        body = readToEnd(in);
        close = true;
      }
      if (close) {
        reusable = false;
        socket.close();
      }
      return new Response(status, headers, body);
    }
  }

  static int parseStatus(String line) throws IOException {
    // HTTP/1.1 200 OK
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new IOException("not an HTTP/1.x status line: " + excerpt(line));
    }
    try {
      int status = Integer.parseInt(line.substring(9, 12));
      if (status < 100 || status > 599) {
        throw new NumberFormatException();
      }
      return status;
    } catch (NumberFormatException e) {
      throw new IOException("bad status code in: " + excerpt(line));
    }
  }

  static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int n = 0; ; n++) {
      String line = readLine(in);
      if (line == null) {
        throw new EOFException("connection closed inside the response headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      if (n >= MAX_HEADERS) {
        throw new IOException("more than " + MAX_HEADERS + " response headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed response header: " + excerpt(line));
      }
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
          .add(line.substring(colon + 1).trim());
    }
  }

  /** One CRLF- (or LF-) terminated line in ISO-8859-1, or null at end of stream before any byte. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (sb.length() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside a line");
      }
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      if (sb.length() >= MAX_LINE) {
        throw new IOException("response line longer than " + MAX_LINE + " bytes");
      }
      sb.append((char) b);
    }
  }

  static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = readLine(in);
      if (line == null) {
        throw new EOFException("connection closed inside a chunked body");
      }
      int semi = line.indexOf(';');
      String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + excerpt(line));
      }
      if (size < 0 || body.size() + (long) size > MAX_BODY) {
        throw new IOException("chunked body larger than " + MAX_BODY + " bytes");
      }
      if (size == 0) {
        readHeaders(in); // trailers, ended by an empty line
        return body.toByteArray();
      }
      body.write(readFixed(in, size));
      String end = readLine(in);
      if (end == null || !end.isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  static byte[] readFixed(InputStream in, int length) throws IOException {
    byte[] b = in.readNBytes(length);
    if (b.length != length) {
      throw new EOFException("connection closed after " + b.length + " of " + length + " bytes");
    }
    return b;
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY + 1);
    if (b.length > MAX_BODY) {
      throw new IOException("response body larger than " + MAX_BODY + " bytes");
    }
    return b;
  }

  private static int parseLength(List<String> values) throws IOException {
    long length = -1;
    for (String v : values) {
      long n;
      try {
        n = Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + excerpt(v));
      }
      if (length >= 0 && n != length) {
        throw new IOException("conflicting Content-Length headers");
      }
      length = n;
    }
    if (length < 0 || length > MAX_BODY) {
      throw new IOException("Content-Length " + length + " out of range");
    }
    return (int) length;
  }

  private static String join(List<String> values) {
    return values == null ? "" : String.join(",", values);
  }

  private static String excerpt(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  @Override
  public void close() {
    reusable = false;
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing to do
    }
  }
}
