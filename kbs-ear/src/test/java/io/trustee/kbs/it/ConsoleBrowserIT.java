package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The KBS console in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, driven by Selenium) against the IT server, as an operator uses it: sign in with
 * an admin token; a simulated az-snp-vtpm guest whose PCR 11 differs is refused; its attestation's
 * PCR table shows expected vs observed with the mismatch marked; promote that PCR (after the
 * confirmation dialog); the guest asks again and is affirmed; a policy with a syntax error is
 * refused with its {@code line:col} and the stored policy is unchanged; a secret is set and
 * deleted. Each step saves a screenshot under {@code target/console-screenshots/} (the README's two
 * come from here). Skipped with a message when the browser is not installed, except in CI ({@code
 * CI=true}), where {@code .ci/run} installs it and a missing browser fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target/console-screenshots");
  private static final String SECRET = "console/it/key1";
  private static final String PCR11 = "ab".repeat(32);
  private static final ItDevState STATE = new ItDevState("console-browser-it");

  private static WebDriver browser;
  private static WebDriverWait wait;
  private static Path profile;

  @BeforeAll
  static void startTheBrowserAndAGuestThatIsRefusedForItsPcr11() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI: " + CHROMIUM + " and " + CHROMEDRIVER + " are required (.ci/run installs them)");
    }
    Assumptions.assumeTrue(
        installed,
        "the console's browser tests need Debian's chromium and chromium-driver"
            + " (apt-get install chromium chromium-driver); skipped");
    Files.createDirectories(SHOTS);
    STATE.enter();
    Path secret = Files.createTempFile("kbs-console-it", ".secret");
    Files.writeString(secret, "console secret");
    cli(true, "set-resource", SECRET, "--file", secret.toString());
    Files.delete(secret);
    cli(
        true,
        "set-resource-policy",
        "--file",
        ROOT.resolve("server-config/openshift/base/files/resource-policy.rego").toString());
    // the walkthrough of README "Try it": the simulated guest becomes known and is affirmed
    guest();
    cli(
        true,
        "register-rv",
        "--file",
        ROOT.resolve("examples/az-snp-vtpm-platform.json").toString());
    cli(true, "promote", "--latest", "--tee", "az-snp-vtpm");
    guest();
    cli(true, "promote", "--latest", "--tee", "az-snp-vtpm");
    assertThat(guest().status()).as("the known guest is affirmed").isZero();
    // the same guest booted something else: PCR 11 differs
    assertThat(guest("--sim-pcr", "11=" + PCR11).status()).isNotZero();

    profile = Files.createTempDirectory("kbs-console-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.setAcceptInsecureCerts(true);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // a view re-renders its tables after each change: an element found just before is replaced
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stopTheBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
    cli(true, "delete-resource", SECRET);
    STATE.restore();
  }

  @Test
  @Order(1)
  void signInWithAnAdminTokenAndSeeTheOverview() throws Exception {
    browser.get(KbsHttp.baseUri() + "/console/");
    wait.until(ExpectedConditions.urlContains("/console/login.html"));
    shot("01-sign-in");
    browser.findElement(By.id("token")).sendKeys(AdminTokens.valid());
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.textToBe(By.id("view-title"), "Overview"));
    WebElement totals = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("totals")));
    assertThat(totals.getText()).contains("Affirming").contains("Contraindicated");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#outcome-chart canvas")));
    assertThat(browser.findElement(By.id("tees")).getText()).contains("az-snp-vtpm");
    assertThat(browser.findElement(By.id("health")).getText()).contains("answers");
    shot("02-overview");
  }

  @Test
  @Order(2)
  void aPcrMismatchIsShownSideBySideAndPromotingItAffirmsTheGuest() throws Exception {
    browser.get(KbsHttp.baseUri() + "/console/#attestations");
    WebElement list =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("attestations")));
    WebElement refused =
        list.findElements(By.cssSelector("tbody tr")).stream()
            .filter(
                r -> r.getText().contains("az-snp-vtpm") && r.getText().contains("not-affirming"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no refused az-snp-vtpm guest: " + list.getText()));
    shot("03-attestations");
    refused.findElement(By.tagName("a")).click();
    WebElement diff = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pcr-diff")));
    WebElement pcr11 =
        diff.findElements(By.cssSelector("tbody tr")).stream()
            .filter(r -> r.getText().startsWith("pcr11"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pcr11 row: " + diff.getText()));
    assertThat(pcr11.getAttribute("class")).isEqualTo("mismatch");
    assertThat(pcr11.getText()).contains(PCR11).endsWith("NO");
    shot("04-pcr-diff");

    WebElement box = browser.findElement(By.id("promote-snp_pcr11"));
    assertThat(box.isSelected()).as("the mismatched PCR is preselected").isTrue();
    for (WebElement other : browser.findElements(By.cssSelector("ul.checks input"))) {
      if (!other.getAttribute("value").equals("snp_pcr11") && other.isSelected()) {
        other.click();
      }
    }
    browser.findElement(By.id("promote")).click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    assertThat(dialog.getText()).contains("snp_pcr11");
    shot("05-promote-confirm");
    browser.findElement(By.id("confirm-ok")).click();
    WebElement result =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#promote-result .ok")));
    assertThat(result.getText()).contains("snp_pcr11");

    assertThat(guest("--sim-pcr", "11=" + PCR11).status()).as("re-attest").isZero();
    browser.get(KbsHttp.baseUri() + "/console/#attestations");
    browser.navigate().refresh();
    WebElement after =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("attestations")));
    WebElement newest = after.findElements(By.cssSelector("tbody tr")).get(0);
    assertThat(newest.getText())
        .contains("az-snp-vtpm")
        .contains("affirming")
        .doesNotContain("not-affirming");
    newest.findElement(By.tagName("a")).click();
    wait.until(ExpectedConditions.textToBe(By.id("att-status"), "affirming"));
    shot("06-affirmed");
  }

  @Test
  @Order(3)
  void aPolicyWithASyntaxErrorIsRefusedAtItsLineAndColumn() throws Exception {
    String before = new KbsHttp().get("/kbs/v0/resource-policy?view=text", Admin.auth()).body();
    browser.get(KbsHttp.baseUri() + "/console/#policies");
    WebElement editor =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("policy-text")));
    wait.until(d -> !editor.getAttribute("value").isEmpty());
    editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    editor.sendKeys("package policy\n\ndefault allow := false\n\nallow if {\n  input[\n}\n");
    browser.findElement(By.id("policy-save")).click();
    WebElement error =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("policy-error")));
    assertThat(error.getText()).containsPattern("Line [0-9]+, column [0-9]+: ");
    assertThat(browser.findElements(By.cssSelector(".gutter .error-line"))).hasSize(1);
    shot("07-policy-error");
    assertThat(new KbsHttp().get("/kbs/v0/resource-policy?view=text", Admin.auth()).body())
        .as("the stored policy is unchanged")
        .isEqualTo(before);

    // the dry run evaluates the editor's text: a policy that allows one path
    editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    editor.sendKeys(
        "package policy\n\ndefault allow := false\n\nallow if {\n  data[\"resource-path\"][2] == \"c\"\n}\n");
    WebElement path = browser.findElement(By.id("dry-path"));
    path.clear();
    path.sendKeys("a/b/c");
    browser.findElement(By.id("dry-run")).click();
    WebElement verdict =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dry-result .banner")));
    assertThat(verdict.getText()).startsWith("Allowed");
    path.clear();
    path.sendKeys("a/b/other");
    browser.findElement(By.id("dry-run")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dry-result"), "Denied"));
    shot("07b-policy-dry-run");
    assertThat(new KbsHttp().get("/kbs/v0/resource-policy?view=text", Admin.auth()).body())
        .as("a dry run stores nothing")
        .isEqualTo(before);
  }

  @Test
  @Order(4)
  void aSecretIsSetAndDeletedWithConfirmation() throws Exception {
    String path = "console/it/typed";
    browser.get(KbsHttp.baseUri() + "/console/#secrets");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-path"))).sendKeys(path);
    browser.findElement(By.id("secret-text")).sendKeys("typed in the console");
    browser.findElement(By.id("secret-save")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("secrets"), path));
    assertThat(browser.findElement(By.id("secret-list")).getText())
        .doesNotContain("typed in the console");
    shot("08-secret-set");
    browser.findElement(By.cssSelector("button[aria-label='Delete " + path + "']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    browser.findElement(By.id("confirm-ok")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("secret-result"), "Deleted " + path));
    assertThat(browser.findElement(By.id("secret-list")).getText()).doesNotContain(path);
    assertThat(new KbsHttp().get("/kbs/v0/resource", Admin.auth()).body()).doesNotContain(path);
    shot("09-secret-deleted");
  }

  @Test
  @Order(5)
  void aRealEventLogIsPreviewedAsPcrsBeforeAnythingIsStored() throws Exception {
    String dir = System.getProperty("kbs.testdata.dir");
    Path log = dir == null ? null : Path.of(dir, "eventlogs", "keylime_binary_bios_measurements");
    Assumptions.assumeTrue(
        log != null && Files.isRegularFile(log),
        "shared test data not found (kbs.testdata.dir=" + dir + "): event log preview skipped");
    browser.get(KbsHttp.baseUri() + "/console/#reference-values");
    WebElement file =
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("eventlog-file")));
    file.sendKeys(log.toRealPath().toString()); // ChromeDriver wants a canonical path
    WebElement prefix = browser.findElement(By.id("eventlog-prefix"));
    prefix.clear();
    prefix.sendKeys("consoleit");
    browser.findElement(By.id("eventlog-preview-button")).click();
    WebElement pcrs =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("eventlog-pcrs")));
    // PCR 0 of this log replayed in the sha256 bank (its expected.json in the shared test data)
    assertThat(pcrs.getText())
        .contains("consoleit_pcr00")
        .contains("0ee9a7feba8f4172f1a7451594aa5731665a4d353ac61814042ce107a00742f2");
    shot("10-eventlog-preview");
    assertThat(new KbsHttp().get("/kbs/v0/reference-value/consoleit_pcr00", Admin.auth()).status())
        .as("a preview stores nothing")
        .isNotEqualTo(200);
  }

  private static ItCli.Run guest(String... extra) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "get-resource",
                SECRET,
                "--tee",
                "az-snp-vtpm",
                "--sim-chain-dir",
                ItAmdDir.AMD.toString()));
    args.addAll(List.of(extra));
    return ItCli.guest(args.toArray(String[]::new));
  }

  private static void cli(boolean admin, String... args) throws Exception {
    ItCli.Run r = admin ? ItCli.admin(args) : ItCli.guest(args);
    assertThat(r.status()).as(String.join(" ", args) + ": " + r.out() + r.err()).isZero();
  }

  private static void shot(String name) throws Exception {
    File f = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
