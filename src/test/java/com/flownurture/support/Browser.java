package com.flownurture.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium, one per test
 * class: {@code @RegisterExtension static final Browser browser = Browser.perClass(server::baseUrl)}. Waits are
 * explicit (a condition polled up to {@link #TIMEOUT}), never fixed sleeps.
 *
 * <p>Screenshots go to {@code target/screenshots}, or to the directory named by {@code -Dscreenshots=DIR}
 * ({@code docs/screenshots} refreshes the README's).
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Supplier<String> baseUrl;
    private Path profile;
    private ChromeDriver driver;

    private Browser(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A browser for a test class; the base URL is read when a page is opened (the server starts first). */
    public static Browser perClass(Supplier<String> baseUrl) {
        return new Browser(baseUrl);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Root in a container: no sandbox; no GPU, small /dev/shm, and none of the browser's own traffic.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a path of the server under test. */
    public Browser open(String path) {
        driver.get(baseUrl.get() + path);
        return this;
    }

    /** The path (and query) of the current page. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.substring(baseUrl.get().length());
    }

    /** Signs in through the form and waits for the overview. */
    public Browser signIn(String email, String password) {
        open("/login");
        type(By.name("email"), email);
        type(By.name("password"), password);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(ExpectedConditions.urlToBe(baseUrl.get() + "/"));
        return this;
    }

    /** Signs out with the navigation bar's button and waits for the sign-in form. */
    public Browser signOut() {
        driver.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        waitFor(ExpectedConditions.urlToBe(baseUrl.get() + "/login"));
        return this;
    }

    /** Replaces an input's text. */
    public Browser type(By by, String text) {
        WebElement input = find(by);
        input.clear();
        input.sendKeys(text);
        return this;
    }

    /** Clicks the button with this text. */
    public Browser click(String buttonText) {
        find(By.xpath("//button[normalize-space()=" + literal(buttonText) + "]")).click();
        return this;
    }

    /** The element, waiting until it is there. */
    public WebElement find(By by) {
        return waitFor(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** The elements present now. */
    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until the condition holds and returns its value. */
    public <T> T waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        try {
            // A page that is being replaced (a form posted, htmx swapping) leaves stale elements: look again.
            return new WebDriverWait(driver, TIMEOUT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> {
                        try {
                            return condition.apply(d);
                        } catch (org.openqa.selenium.WebDriverException e) {
                            // Chromium reports some nodes swapped out mid-read this way rather than as stale.
                            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                                return null;
                            }
                            throw e;
                        }
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("timed out on " + driver.getCurrentUrl() + " showing:\n"
                    + page.substring(0, Math.min(2000, page.length())), e);
        }
    }

    /** Waits until the element's text contains the text. */
    public void waitForText(By by, String text) {
        waitFor(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Saves a PNG of the page as {@code name.png}. */
    public void screenshot(String name) {
        Path dir = Path.of(System.getProperty("screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An XPath string literal for any text. */
    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }
}
