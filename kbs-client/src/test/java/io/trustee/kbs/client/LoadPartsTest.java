package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The pure parts of {@code kbs-client load}: HTTP/1.1 framing, /proc parsing, arrivals, output. */
class LoadPartsTest {

  /** A loopback server that answers each connection's requests with the given raw responses. */
  static final class RawServer implements AutoCloseable {
    final ServerSocket socket;
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    final List<Integer> connections = new CopyOnWriteArrayList<>();
    private final Thread thread;

    RawServer(List<List<String>> responsesPerConnection) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                try {
                  for (int c = 0; c < responsesPerConnection.size(); c++) {
                    try (Socket s = socket.accept()) {
                      connections.add(c);
                      InputStream in = s.getInputStream();
                      OutputStream out = s.getOutputStream();
                      for (String response : responsesPerConnection.get(c)) {
                        String line = LoadHttp.readLine(in);
                        requestLines.add(line);
                        Map<String, List<String>> h = LoadHttp.readHeaders(in);
                        if (h.containsKey("content-length")) {
                          in.readNBytes(Integer.parseInt(h.get("content-length").get(0)));
                        }
                        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                      }
                    }
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      thread.start();
    }

    LoadHttp.Endpoint endpoint() {
      return new LoadHttp.Endpoint(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()),
          "127.0.0.1",
          socket.getLocalPort(),
          null,
          null);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void keepAliveCarriesSeveralExchangesWithBothBodyFramings() throws Exception {
    try (RawServer server =
        new RawServer(
            List.of(
                List.of(
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: kbs-session-id=abc;"
                        + " Secure\r\n\r\nhello",
                    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding:"
                        + " chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n",
                    "HTTP/1.1 204 No Content\r\n\r\n")))) {
      try (LoadHttp c = LoadHttp.connect(server.endpoint(), 5000)) {
        LoadHttp.Response a = c.exchange("POST", "/a", List.of("Content-Type", "x/y"), new byte[3]);
        assertThat(a.status()).isEqualTo(200);
        assertThat(new String(a.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(a.cookie("kbs-session-id")).contains("abc");
        LoadHttp.Response b = c.exchange("GET", "/b", List.of(), null);
        assertThat(b.status()).isEqualTo(201);
        assertThat(new String(b.body(), StandardCharsets.US_ASCII)).isEqualTo("abcde");
        LoadHttp.Response d = c.exchange("GET", "/d", List.of(), null);
        assertThat(d.status()).isEqualTo(204);
        assertThat(c.reusable()).isTrue();
      }
      assertThat(server.requestLines)
          .containsExactly("POST /a HTTP/1.1", "GET /b HTTP/1.1", "GET /d HTTP/1.1");
      assertThat(server.connections).containsExactly(0);
    }
  }

  @Test
  void connectionCloseAndAServerThatHangsUpAreTold() throws Exception {
    try (RawServer server =
        new RawServer(
            List.of(
                List.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
                List.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")))) {
      LoadHttp first = LoadHttp.connect(server.endpoint(), 5000);
      assertThat(first.exchange("GET", "/", List.of(), null).status()).isEqualTo(200);
      assertThat(first.reusable()).isFalse();
      assertThatThrownBy(() -> first.exchange("GET", "/", List.of(), null))
          .isInstanceOf(LoadHttp.StaleConnectionException.class);
      // the second connection answers once, then the server closes it without a word
      LoadHttp second = LoadHttp.connect(server.endpoint(), 5000);
      assertThat(second.exchange("GET", "/", List.of(), null).status()).isEqualTo(200);
      Thread.sleep(100);
      assertThatThrownBy(() -> second.exchange("GET", "/", List.of(), null))
          .isInstanceOf(LoadHttp.StaleConnectionException.class);
      second.close();
    }
  }

  @Test
  void malformedResponsesAreRefused() {
    assertThatThrownBy(() -> LoadHttp.parseStatus("SSH-2.0-OpenSSH"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> LoadHttp.parseStatus("HTTP/1.1 2x0 OK"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> LoadHttp.readChunked(stream("zz\r\n")))
        .hasMessageContaining("bad chunk size");
    assertThatThrownBy(() -> LoadHttp.readChunked(stream("3\r\nab")))
        .isInstanceOf(java.io.EOFException.class);
    assertThatThrownBy(() -> LoadHttp.readHeaders(stream("no colon\r\n\r\n")))
        .hasMessageContaining("malformed");
    assertThat(
            new LoadHttp.Endpoint(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 443),
                    "kbs",
                    443,
                    null,
                    null)
                .hostHeader())
        .isEqualTo("kbs:443");
  }

  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void tlsGroupsAreParsedAndOnlyKeyExchangeGroupsAreFiltered() {
    assertThat(LoadTlsGroups.parse("default")).isNull();
    LoadTlsGroups x = LoadTlsGroups.parse("X25519");
    java.util.Set<java.security.CryptoPrimitive> ka =
        java.util.EnumSet.of(java.security.CryptoPrimitive.KEY_AGREEMENT);
    assertThat(x.permits(ka, "x25519", null)).isTrue();
    assertThat(x.permits(ka, "secp256r1", null)).isFalse();
    assertThat(x.permits(ka, "EC", null)).isTrue();
    assertThat(
            x.permits(
                java.util.EnumSet.of(java.security.CryptoPrimitive.SIGNATURE),
                "SHA256withECDSA",
                null))
        .isTrue();
    assertThatThrownBy(() -> LoadTlsGroups.parse("x25519,p256"))
        .hasMessageContaining("--tls-groups");
  }

  @Test
  void procStatAndStatusAreParsed() {
    // a command name with spaces and a parenthesis, as proc(5) allows
    String stat =
        "4242 (java (kbs) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 80 0 100"
            + " 4000000000 200000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    assertThat(LoadProc.cpuTicks(stat)).isEqualTo(1234 + 567);
    assertThatThrownBy(() -> LoadProc.cpuTicks("4242 java S 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadProc.cpuTicks("4242 (java) S 1 2 3"))
        .hasMessageContaining("fields");
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  834112 kB\nThreads:\t80\n";
    assertThat(LoadProc.rssKb(status)).isEqualTo(834112);
    assertThat(LoadProc.rssKb("Name:\tkthreadd\n")).isEqualTo(-1);
  }

  @Test
  void procOfThisJvmReportsCpuAndMemory() {
    LoadProc self = LoadProc.of(ProcessHandle.current().pid());
    assertThat(self.cpuNanos()).isPresent();
    assertThat(self.rssBytes().orElseThrow()).isPositive();
    assertThat(LoadProc.clockTicksPerSecond()).isPositive();
    assertThatThrownBy(() -> LoadProc.of(Long.MAX_VALUE)).hasMessageContaining("--server-pid");
  }

  @Test
  void arrivalsKeepTheirScheduleWhateverHappened() {
    LoadArrivals a = new LoadArrivals(1_000, 4);
    assertThat(a.intendedStart(0)).isEqualTo(1_000);
    assertThat(a.intendedStart(1)).isEqualTo(1_000 + 250_000_000L);
    assertThat(a.intendedStart(4)).isEqualTo(1_000 + 1_000_000_000L);
    assertThat(a.countBefore(1_000 + 1_000_000_000L)).isEqualTo(4);
    assertThat(a.countBefore(1_000 + 1_000_000_001L)).isEqualTo(5);
    assertThat(a.countBefore(0)).isZero();
    LoadArrivals odd = new LoadArrivals(0, 3);
    assertThat(odd.intendedStart(1)).isEqualTo(333_333_333L);
    assertThat(odd.intendedStart(3_000_000_000L)).isEqualTo(1_000_000_000_000_000_000L);
    assertThatThrownBy(() -> new LoadArrivals(0, 0)).hasMessageContaining("--rate");
    assertThatThrownBy(() -> new LoadArrivals(0, Double.NaN)).hasMessageContaining("--rate");
  }

  @Test
  void reportTableAndJsonCarryTheSameFigures() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 100; i++) {
      h.recordValue(i * 1000L); // 1..100 ms
    }
    LoadReport.Ops hs = LoadReport.Ops.of("handshake", h, 10);
    assertThat(hs.count()).isEqualTo(100);
    assertThat(hs.perSecond()).isEqualTo(10.0);
    assertThat(hs.p50Ms()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(hs.p99Ms()).isCloseTo(99.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(hs.maxMs()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
    LoadReport r =
        new LoadReport(
            "handshake",
            "load: op=handshake tee=sample closed loop, concurrency 4",
            10,
            hs,
            null,
            Map.of("resource: 401 PolicyDeny", 3L, "connect: ConnectException", 1L),
            0,
            null,
            4.25,
            3.5,
            812.5);
    String table = r.table();
    assertThat(table)
        .contains("handshake        100       10.0      50.0")
        .contains("errors                 4")
        .contains("  connect: ConnectException 1")
        .contains("server CPU ms/handshake n/a")
        .contains("client CPU ms/handshake 4.3")
        .contains("  of which guest threads 3.5")
        .contains("server peak RSS MB     812.5");
    assertThat(table.indexOf("connect:")).isLessThan(table.indexOf("resource:"));
    JsonNode j = r.json();
    assertThat(j.get("ops").asLong()).isEqualTo(100);
    assertThat(j.get("throughput_per_second").asDouble()).isEqualTo(10.0);
    assertThat(j.at("/latency_ms/p99").asDouble())
        .isCloseTo(99.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(j.at("/errors/total").asLong()).isEqualTo(4);
    assertThat(j.at("/errors/by_type/resource: 401 PolicyDeny").asLong()).isEqualTo(3);
    assertThat(j.get("server_cpu_ms_per_op").isNull()).isTrue();
    assertThat(j.get("client_cpu_ms_per_op").asDouble()).isEqualTo(4.25);
    assertThat(j.get("client_guest_threads_cpu_ms_per_op").asDouble()).isEqualTo(3.5);
    assertThat(j.has("extra_fetches")).isFalse();
    LoadReport.Ops none = LoadReport.Ops.of("fetch", new Histogram(1000, 2), 1);
    assertThat(none.p50Ms()).isNaN();
  }

  @Test
  void kbsErrorTypesComeFromTheProblemBody() {
    assertThat(
            LoadFailure.http(
                    "resource",
                    401,
                    "{\"type\":\"https://github.com/confidential-containers/kbs/errors/PolicyDeny\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .type())
        .isEqualTo("resource: 401 PolicyDeny");
    assertThat(
            LoadFailure.http(
                    "auth", 502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8))
                .type())
        .isEqualTo("auth: HTTP 502");
    assertThat(
            LoadFailure.http(
                    "auth", 500, "{\"type\":\"x/errors/a b\"}".getBytes(StandardCharsets.UTF_8))
                .type())
        .isEqualTo("auth: HTTP 500");
    assertThat(LoadFailure.of("connect", new java.net.ConnectException("refused")).type())
        .isEqualTo("connect: ConnectException");
  }

  @Test
  void setupPolicyKeepsTheDefaultAndAddsTheLoadResource() throws Exception {
    String text =
        LoadSetup.policyText(io.trustee.kbs.resource.ResourcePath.parse("default/load/secret"));
    io.trustee.kbs.policy.ResourcePolicy.requireCompiles(text);
    assertThat(text).contains("data[\"resource-path\"] == [\"default\", \"load\", \"secret\"]");
    assertThat(text).contains("not input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample");
  }
}
