package org.waymark.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What a patient does in the chat widget, shared by the browser tests that play one. */
final class WidgetPatient {
    private WidgetPatient() {
    }

    static void openChat(Browser browser) {
        WebElement launcher = browser.waitFor("the chat launcher", d -> {
            WebElement l = d.findElement(By.cssSelector(".wmw-launcher"));
            return l.isDisplayed() ? l : null;
        });
        assertThat(launcher.getText()).contains("Chat with us");
        if (!"true".equals(launcher.getAttribute("aria-expanded"))) {
            launcher.click();
        }
        assertThat(launcher.getAttribute("aria-expanded")).isEqualTo("true");
        browser.waitFor("the bot's welcome", d -> !d.findElements(By.cssSelector(".wmw-msg--bot")).isEmpty());
        settle(browser);
    }

    /** Types and sends a message; no error may show, and the input is emptied for the next one. */
    static void say(Browser browser, String text) {
        WebElement input = browser.find("#wmw-input");
        input.clear();
        input.sendKeys(text);
        browser.find(".wmw-send").click();
        settle(browser);
        assertThat(browser.find(".wmw-alert").getText()).as("error after saying '%s'", text).isEmpty();
        assertThat(browser.find("#wmw-input").getAttribute("value")).isEmpty();
    }

    /** Waits until the widget is no longer waiting for the server. */
    static void settle(Browser browser) {
        browser.waitFor("the reply", Duration.ofSeconds(15),
                d -> !"true".equals(d.findElement(By.id("wmw-panel")).getAttribute("aria-busy")));
    }
}
