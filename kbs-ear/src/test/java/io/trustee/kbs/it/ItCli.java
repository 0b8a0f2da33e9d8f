package io.trustee.kbs.it;

import io.trustee.kbs.client.KbsClient;
import io.trustee.kbs.crypto.Pem;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs {@code kbs-client} in-process against the test server, as an operator would: with {@code
 * --url}, the server's certificate as {@code --cacert} and, for admin commands, the admin key.
 */
final class ItCli {
  private ItCli() {}

  /** What one command returned: its exit status, standard output and standard error. */
  record Run(int status, String out, String err) {}

  /** An admin command (the test admin key is added). */
  static Run admin(String... args) throws Exception {
    return run(true, args);
  }

  /** A command without admin credentials (guest commands, or an admin command refused). */
  static Run guest(String... args) throws Exception {
    return run(false, args);
  }

  private static Run run(boolean admin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", KbsHttp.baseUri().toString(), "--cacert", serverPem().toString()));
    if (admin) {
      all.addAll(List.of("--admin-key", AdminTokens.privateKeyFile().toAbsolutePath().toString()));
    }
    return exactly(all.toArray(String[]::new));
  }

  /** A command with exactly these arguments (no server options added). */
  static Run exactly(String... all) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    var cl = KbsClient.commandLine(Clock.systemUTC(), out);
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(all);
    cl.getOut().flush();
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  private static Path pem;

  /** The test server's certificate (PEM), written to a temporary file once per test JVM. */
  static synchronized Path serverPem() throws Exception {
    if (pem == null) {
      KeyStore p12 = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(KbsHttp.dataDir().resolve("tls/key.p12"))) {
        p12.load(in, ItServer.keystorePassword().toCharArray());
      }
      StringBuilder sb = new StringBuilder();
      for (String alias : Collections.list(p12.aliases())) {
        if (p12.getCertificate(alias) != null) {
          sb.append(Pem.write(p12.getCertificate(alias)));
        }
      }
      Path file = Files.createTempFile("kbs-it-server", ".pem");
      file.toFile().deleteOnExit();
      Files.writeString(file, sb.toString());
      pem = file;
    }
    return pem;
  }
}
