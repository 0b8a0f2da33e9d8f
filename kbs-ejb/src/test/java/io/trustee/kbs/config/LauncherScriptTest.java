package io.trustee.kbs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.TlsKeystores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real launcher {@code server-config/bin/kbs} with bash in a throw-away {@code
 * wlp/usr/servers/kbs} tree whose {@code wlp/bin/server} only records its arguments, and the
 * generator on the test class path ({@code KBS_LAUNCHER_CLASSPATH}). No Liberty is started.
 */
class LauncherScriptTest {
  @TempDir Path dir;
  Path wlp;
  Path serverDir;
  Path data;
  Path dropin;

  @BeforeEach
  void fakeInstall() throws IOException {
    wlp = dir.resolve("wlp");
    serverDir = wlp.resolve("usr/servers/kbs");
    data = dir.resolve("data");
    dropin = serverDir.resolve("configDropins/overrides/kbs-config-file.xml");
    Files.createDirectories(serverDir.resolve("bin"));
    Files.copy(script(), serverDir.resolve("bin/kbs"));
    Path server = wlp.resolve("bin/server");
    Files.createDirectories(server.getParent());
    Files.writeString(
        server, "#!/usr/bin/env bash\necho \"$@\" > \"$(dirname \"$0\")/server.args\"\n");
    Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwx------"));
  }

  /** The launcher in the source tree (tests run in kbs-ejb/). */
  private static Path script() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("server-config/bin/kbs"))) {
      p = p.getParent();
    }
    assertThat(p).as("server-config/bin/kbs above " + Path.of("").toAbsolutePath()).isNotNull();
    return p.resolve("server-config/bin/kbs");
  }

  private record Result(int status, String out, String err) {}

  private Result kbs(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", serverDir.resolve("bin/kbs").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("KBS_") || k.equals("DB_KIND"));
    e.put("JAVA_HOME", System.getProperty("java.home"));
    e.put("KBS_LAUNCHER_CLASSPATH", System.getProperty("java.class.path"));
    e.put("KBS_DATA_DIR", data.toString());
    e.putAll(env);
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Path httpsConfig() throws IOException {
    KeyPair kp = Pem.generateP256();
    Path key = dir.resolve("privateKey");
    Path crt = dir.resolve("certificate");
    Files.writeString(key, Pem.write(kp.getPrivate()));
    Files.writeString(
        crt,
        Pem.write(TlsKeystores.selfSignedCertificate(kp, "kbs", List.of(), Duration.ofDays(1))));
    Path config = dir.resolve("kbs-config.toml");
    Files.writeString(
        config,
        "[http_server]\nsockets = [\"0.0.0.0:19543\"]\ninsecure_http = false\n"
            + "private_key = \""
            + key
            + "\"\ncertificate = \""
            + crt
            + "\"\n\n[admin]\ninsecure_api = true\n");
    return config;
  }

  @Test
  void scriptIsSyntacticallyValid() throws Exception {
    Process p = new ProcessBuilder("bash", "-n", script().toString()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void helpMentionsPrintConfig() throws Exception {
    Result r = kbs(Map.of(), "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("--config-file").contains("--print-config");
  }

  @Test
  void printConfigWritesTheDropinMasksThePasswordAndStartsNothing() throws Exception {
    Result r = kbs(Map.of(), "--config-file", httpsConfig().toString(), "--print-config");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("https://*:19543")
        .contains("<variable name=\"kbs.https.port\" value=\"19543\"/>")
        .contains("password=\"*****\"");
    String written = Files.readString(dropin);
    String password = Files.readString(data.resolve("tls/operator.p12.password"));
    assertThat(written).contains("password=\"" + password + "\"");
    assertThat(r.out()).doesNotContain(password);
    assertThat(wlp.resolve("bin/server.args")).doesNotExist();
    assertThat(serverDir.resolve("bootstrap.properties")).doesNotExist();
  }

  @Test
  void configFileFromTheEnvironmentIsUsedToo() throws Exception {
    Result r = kbs(Map.of("KBS_CONFIG_FILE", httpsConfig().toString()), "--print-config");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(dropin).exists();
  }

  @Test
  void unusableConfigStopsBeforeLibertyWithTheKeyAndLeavesNoDropin() throws Exception {
    Path config = httpsConfig();
    Files.createDirectories(dropin.getParent());
    Files.writeString(dropin, "<server/>");
    Files.writeString(dir.resolve("privateKey"), "garbage\n");
    Result r = kbs(Map.of(), "-c", config.toString(), "run");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("http_server.private_key").contains("not starting");
    assertThat(dropin).doesNotExist();
    assertThat(wlp.resolve("bin/server.args")).doesNotExist();
  }

  @Test
  void runWithConfigWritesTheDropinThenStartsLiberty() throws Exception {
    Result r = kbs(Map.of(), "-c", httpsConfig().toString(), "run");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(dropin).exists();
    assertThat(Files.readString(wlp.resolve("bin/server.args")).trim())
        .isEqualTo("run kbs --clean");
    assertThat(r.out()).contains("operator.p12");
  }

  @Test
  void runWithoutConfigRemovesAStaleDropin() throws Exception {
    Files.createDirectories(dropin.getParent());
    Files.writeString(dropin, "<server/>");
    Result r = kbs(Map.of(), "start");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(dropin).doesNotExist();
    assertThat(Files.readString(wlp.resolve("bin/server.args")).trim())
        .isEqualTo("start kbs --clean");
  }

  @Test
  void consoleIsOnOnlyWithARandomOwnerOnlyPassword() throws Exception {
    Result r = kbs(Map.of(), "run");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(Files.readAllLines(serverDir.resolve("bootstrap.properties")))
        .contains("kbs.console=on");
    Path pw = data.resolve("secrets/console.password");
    assertThat(Files.readString(pw)).hasSizeGreaterThanOrEqualTo(24);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)))
        .isEqualTo("rw-------");
    assertThat(r.out())
        .contains("https://127.0.0.1:9443/adminCenter/")
        .doesNotContain(Files.readString(pw));
  }

  @Test
  void consoleOffLeavesAdminCenterOutAndCreatesNoPassword() throws Exception {
    Files.writeString(serverDir.resolve("bootstrap.properties"), "kbs.console=on\n");
    Result r = kbs(Map.of("KBS_CONSOLE", "off"), "run");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(Files.readAllLines(serverDir.resolve("bootstrap.properties")))
        .contains("kbs.console=off")
        .doesNotContain("kbs.console=on");
    assertThat(data.resolve("secrets/console.password")).doesNotExist();
    assertThat(r.out()).contains("Admin Center        off");
  }

  @Test
  void consolePasswordFromTheEnvironmentIsNotWrittenToDisk() throws Exception {
    Result r = kbs(Map.of("KBS_CONSOLE_PASSWORD", "from-env-Qx7Zr"), "start");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(Files.readAllLines(serverDir.resolve("bootstrap.properties")))
        .contains("kbs.console=on");
    assertThat(data.resolve("secrets/console.password")).doesNotExist();
    assertThat(r.out()).contains("password from KBS_CONSOLE_PASSWORD").doesNotContain("Qx7Zr");
  }

  @Test
  void unknownConsoleSwitchIsAUsageError() throws Exception {
    Result r = kbs(Map.of("KBS_CONSOLE", "yes"), "run");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("KBS_CONSOLE");
    assertThat(wlp.resolve("bin/server.args")).doesNotExist();
  }

  @Test
  void printConfigWithoutAConfigFileIsAUsageError() throws Exception {
    Result r = kbs(Map.of(), "--print-config");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("needs a config file");
  }
}
