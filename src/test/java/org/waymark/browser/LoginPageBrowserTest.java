package org.waymark.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The link workers' sign-in page in a real browser: accessible, clear about mistakes, and it lets them in. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LoginPageBrowserTest {
    static Browser browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.driver().manage().deleteAllCookies();
    }

    String url(String path) {
        return System.getProperty("waymark.browser.base-url", "http://localhost:" + port) + path;
    }

    @Test
    void signInPageIsAccessible() {
        browser.open(url("/login"));

        assertThat(browser.find("h1").getText()).isEqualTo("Sign in");
        assertThat(browser.find("label[for=username]").getText()).isEqualTo("Username");
        assertThat(browser.find("label[for=password]").getText()).isEqualTo("Password");
        assertThat(browser.findAll("input[name=_csrf]")).as("CSRF token in the form").hasSize(1);
        browser.screenshot("login");
        Accessibility.assertNoViolations(browser.driver(), "the sign-in page");
    }

    @Test
    void aWrongPasswordIsExplainedAndTheSummaryTakesFocus() {
        signIn("admin", "not-the-password");

        WebElement summary = browser.waitFor("the error summary", d -> d.findElement(
                org.openqa.selenium.By.cssSelector(".wm-error-summary")));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?error");
        assertThat(summary.getText()).contains("There is a problem").contains("username or password");
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(summary);
        assertThat(browser.find("#username").getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("login-error");
        Accessibility.assertNoViolations(browser.driver(), "the sign-in page with an error");
    }

    @Test
    void theRightPasswordLetsALinkWorkerIn() {
        signIn("admin", "test-admin-password");

        browser.waitFor("to leave the sign-in page", d -> !d.getCurrentUrl().contains("/login"));
        assertThat(browser.driver().getCurrentUrl()).contains("/workers");
    }

    @Test
    void signingOutIsConfirmed() {
        browser.open(url("/login?logout"));

        assertThat(browser.find(".wm-notice").getText()).contains("You have signed out");
        Accessibility.assertNoViolations(browser.driver(), "the signed-out page");
    }

    void signIn(String username, String password) {
        browser.open(url("/login"));
        browser.find("#username").sendKeys(username);
        browser.find("#password").sendKeys(password);
        browser.find("button[type=submit]").click();
    }
}
