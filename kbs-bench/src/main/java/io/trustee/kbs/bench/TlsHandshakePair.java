package io.trustee.kbs.bench;

import io.trustee.kbs.crypto.TlsKeystores;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Two JSSE {@link SSLEngine}s, a TLS 1.3 client and server, that complete full handshakes in memory
 * (no sockets) on the calling thread. The server holds a self-signed certificate for the given key
 * pair (P-256 ECDSA or RSA). Each {@link #handshake()} uses fresh engines created without a peer
 * host and port, so the client never offers a session to resume: every handshake is a full one (key
 * share, certificate, CertificateVerify signature, Finished, and the post-handshake
 * NewSessionTicket the JDK server sends).
 *
 * <p>The server engine's work ({@code beginHandshake}, every {@code wrap}/{@code unwrap} and the
 * delegated tasks, which is where the key agreement and the signature run) is timed with the
 * current thread's CPU clock ({@link ThreadMXBean#getCurrentThreadCpuTime()}, about a microsecond
 * per reading on Linux, a handful of readings per handshake); the client's work is not counted.
 *
 * <p>The key-exchange group is whatever {@code jdk.tls.namedGroups} says (the benchmark forks with
 * {@code x25519}; the JDK 17 default also puts x25519 first). Not thread-safe: one per thread.
 */
final class TlsHandshakePair {
  private static final String[] TLS13 = {"TLSv1.3"};
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final char[] PASSWORD = "bench".toCharArray();

  private final SSLContext serverContext;
  private final SSLContext clientContext;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long serverCpuNanos;
  private String lastHandshake = "none";

  TlsHandshakePair(KeyPair serverKey) throws GeneralSecurityException, java.io.IOException {
    X509Certificate cert =
        TlsKeystores.selfSignedCertificate(
            serverKey, "localhost", List.of("localhost"), Duration.ofDays(1));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", serverKey.getPrivate(), PASSWORD, new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    serverContext = SSLContext.getInstance("TLSv1.3");
    serverContext.init(kmf.getKeyManagers(), null, null);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientContext = SSLContext.getInstance("TLSv1.3");
    clientContext.init(null, tmf.getTrustManagers(), null);
    if (!threads.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
  }

  /**
   * Runs one full handshake and returns the server engine's CPU nanoseconds for it.
   *
   * @throws SSLException if the handshake fails or stops making progress
   */
  long handshake() throws SSLException {
    serverCpuNanos = 0;
    SSLEngine client = clientContext.createSSLEngine();
    client.setUseClientMode(true);
    client.setEnabledProtocols(TLS13);
    SSLEngine server = serverContext.createSSLEngine();
    server.setUseClientMode(false);
    server.setEnabledProtocols(TLS13);
    int packet = Math.max(client.getSession().getPacketBufferSize(), 1 << 15);
    int app = Math.max(client.getSession().getApplicationBufferSize(), 1 << 15);
    ByteBuffer clientToServer = ByteBuffer.allocate(packet);
    ByteBuffer serverToClient = ByteBuffer.allocate(packet);
    ByteBuffer clientApp = ByteBuffer.allocate(app);
    ByteBuffer serverApp = ByteBuffer.allocate(app);

    client.beginHandshake();
    long t = threads.getCurrentThreadCpuTime();
    server.beginHandshake();
    serverCpuNanos += threads.getCurrentThreadCpuTime() - t;
    for (int rounds = 0; !done(client) || !done(server); rounds++) {
      if (rounds > 100) {
        throw new SSLException("handshake makes no progress");
      }
      boolean progress = step(client, serverToClient, clientToServer, clientApp);
      t = threads.getCurrentThreadCpuTime();
      progress |= step(server, clientToServer, serverToClient, serverApp);
      serverCpuNanos += threads.getCurrentThreadCpuTime() - t;
      if (!progress) {
        throw new SSLException(
            "handshake stuck: client "
                + client.getHandshakeStatus()
                + ", server "
                + server.getHandshakeStatus());
      }
    }
    if (!"TLSv1.3".equals(server.getSession().getProtocol())) {
      throw new SSLException("negotiated " + server.getSession().getProtocol());
    }
    lastHandshake =
        server.getSession().getProtocol()
            + " "
            + server.getSession().getCipherSuite()
            + ", "
            + server.getSession().getLocalCertificates()[0].getPublicKey().getAlgorithm()
            + " certificate";
    return serverCpuNanos;
  }

  /** Protocol, cipher suite and certificate key of the last handshake (a setup check). */
  String lastHandshake() {
    return lastHandshake;
  }

  private static boolean done(SSLEngine e) {
    SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
    return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
        || s == SSLEngineResult.HandshakeStatus.FINISHED;
  }

  /** One step of {@code e}'s handshake; true if it produced, consumed or ran something. */
  private static boolean step(SSLEngine e, ByteBuffer in, ByteBuffer out, ByteBuffer app)
      throws SSLException {
    switch (e.getHandshakeStatus()) {
      case NEED_WRAP -> {
        SSLEngineResult r = e.wrap(EMPTY, out);
        return r.bytesProduced() > 0 || r.getStatus() == SSLEngineResult.Status.OK;
      }
      case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
        in.flip();
        SSLEngineResult r = e.unwrap(in, app);
        in.compact();
        return r.bytesConsumed() > 0
            || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK
            || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
      }
      case NEED_TASK -> {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
          task.run();
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }
}
