package org.waymark.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium from Debian's packages, driven through its own chromedriver. Never Selenium Manager and never a
 * downloaded browser: the machine has no internet beyond package registries. Where Chromium is missing, tests skip,
 * unless {@code CI=true} or {@code WAYMARK_REQUIRE_BROWSER=true}, where they fail instead. Open one per test class.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    /** The driver the tests use: it brings what it presses to the middle of the window first, as a person would. */
    private final WebDriver pressing;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        // a person scrolls a button out from under the emergency banner (fixed to the foot of the window) before
        // pressing it; WebDriver presses wherever the button is, in sight or under the banner
        this.pressing = new org.openqa.selenium.support.events.EventFiringDecorator<WebDriver>(
                new PressInSight(driver)).decorate(driver);
    }

    /** Brings what is pressed to the middle of the window first (public: the decorator calls it reflectively). */
    public static final class PressInSight implements org.openqa.selenium.support.events.WebDriverListener {
        private final ChromeDriver driver;

        PressInSight(ChromeDriver driver) {
            this.driver = driver;
        }

        @Override
        public void beforeClick(WebElement element) {
            driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
        }
    }

    /** Starts headless Chromium, or skips (fails on CI) the calling test class when it is not installed. */
    public static Browser start() {
        requireChromium();
        // Belt and braces: with an explicit driver and binary Selenium Manager is not consulted, and never downloads.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        System.setProperty("SE_OFFLINE", "true");
        Path profile;
        try {
            profile = Files.createTempDirectory("waymark-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, service, profile);
    }

    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String missing = "Headless browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install -y chromium chromium-driver)";
        if (required()) {
            Assertions.fail(missing + "; they are required because CI or WAYMARK_REQUIRE_BROWSER is true");
        }
        Assumptions.assumeTrue(false, missing + "; skipping");
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || "true".equalsIgnoreCase(System.getenv("WAYMARK_REQUIRE_BROWSER"));
    }

    public WebDriver driver() {
        return pressing;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return pressing.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return pressing.findElements(By.cssSelector(css));
    }

    /** Waits up to 10 seconds for the condition to give a non-null, non-false value. */
    public <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(what, Duration.ofSeconds(10), condition);
    }

    public <T> T waitFor(String what, Duration timeout, Function<WebDriver, T> condition) {
        // a page that reloads (a form sent, a live update) can replace an element between finding and reading it
        return new WebDriverWait(pressing, timeout, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Renders the page as a phone of this CSS width and height would (touch, mobile viewport). */
    public void emulatePhone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    public void stopEmulating() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    }

    /** Cuts the page off from the network (or restores it), as a patient on a train might be. */
    public void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of(
                "offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Runs {@code js} first on every page this tab loads from now on, before the page's own scripts; an id. */
    public String onEveryPage(String js) {
        return String.valueOf(driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                java.util.Map.of("source", js)).get("identifier"));
    }

    public void notOnEveryPage(String id) {
        driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", java.util.Map.of("identifier", id));
    }

    /** The browser console's messages since the last call (Content-Security-Policy violations show here). */
    public List<String> console() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /** Saves a PNG of the viewport as target/screenshots/{name}.png and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
