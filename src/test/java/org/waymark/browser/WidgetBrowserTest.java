package org.waymark.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;

/**
 * The web chat widget as a patient meets it: on the practice's home page, in a real (headless) browser, against the
 * real web chat API and conversation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WidgetBrowserTest {
    static final String OPENING = "since my wife died I hardly see anyone and I'd like to meet people";
    static final String STORE_KEY = "waymark.webchat.riverside";

    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    List<PatientChannel> channels;

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
    void freshVisitor() {
        browser.stopEmulating();
        browser.offline(false);
        browser.open(home());
        browser.console(); // start each test with an empty console
        browser.script("localStorage.clear()");
        browser.open(home());
    }

    String home() {
        return System.getProperty("waymark.browser.base-url", "http://localhost:" + port) + "/";
    }

    @Test
    void patientFindsActivitiesByTalkingThroughTheWidget() {
        Accessibility.assertNoViolations(browser.driver(), "the practice home page");
        openChat();
        Accessibility.assertNoViolations(browser.driver(), "the home page with the chat open");
        browser.screenshot("widget-welcome");

        say(OPENING);
        for (int turn = 0; turn < 12 && browser.findAll(".wmw-card").isEmpty(); turn++) {
            String asked = lastBotText().toLowerCase(Locale.ROOT);
            List<String> options = options();
            if (asked.contains("postcode")) {
                say("E1 6AN");
            } else if (asked.contains("what matters")) {
                say(OPENING);
            } else if (options.contains("Meeting people")) {
                choose("Meeting people"); // the menu of needs, when the bot was not sure what it heard
            } else if (options.contains("Yes")) {
                choose("Yes"); // consent to carry on, then "is that right?" about the needs heard
            } else {
                say("skip"); // when I am free, and anything else the walk does not need
            }
        }

        List<WebElement> cards = browser.findAll(".wmw-card");
        assertThat(cards).as("activity cards after:\n%s", transcript()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        for (WebElement card : cards) {
            assertThat(card.findElement(By.cssSelector(".wmw-card-title")).getText()).isNotBlank();
            assertThat(card.findElements(By.cssSelector(".wmw-fact dt"))).isNotEmpty();
            assertThat(card.findElement(By.cssSelector("button.wmw-choose")).getText()).startsWith("Choose");
        }
        browser.screenshot("widget-activities");
        Accessibility.assertNoViolations(browser.driver(), "the chat showing activity cards");

        assertThat(browser.console()).as("console").noneMatch(line -> line.contains("Content Security Policy")
                || line.contains("Content-Security-Policy") || line.contains("Uncaught"));

        int before = messages().size();
        cards.get(0).findElement(By.cssSelector("button.wmw-choose")).click();
        settle();
        assertThat(patientTexts()).last().isEqualTo("1");
        assertThat(messages().size()).as(transcript()).isGreaterThan(before + 1);
    }

    @Test
    void aPatientWhoChoosesBengaliTalksThroughTheWholeChatInBengali() {
        openChat();
        WebElement bangla = browser.waitFor("the language switch", d -> d.findElements(
                By.cssSelector(".wmw-lang[data-language='bn']")).stream().findFirst().orElse(null));
        assertThat(bangla.getText()).isEqualTo("বাংলা");
        assertThat(bangla.getAttribute("lang")).isEqualTo("bn");
        bangla.click();
        settle();
        // the widget's own words, and the bot's, are Bengali and say so to the browser and screen readers
        assertThat(browser.find(".wmw").getAttribute("lang")).isEqualTo("bn");
        assertThat(browser.find(".wmw-send").getText()).isEqualTo("পাঠান");
        assertThat(browser.find(".wmw-lang[data-language='en']").getText()).isEqualTo("English");
        List<WebElement> bot = browser.findAll(".wmw-log .wmw-msg--bot .wmw-text");
        assertThat(bot.get(bot.size() - 1).getAttribute("lang")).isEqualTo("bn");
        assertThat(bot.get(0).getAttribute("lang")).as("the English welcome before the switch").isEqualTo("en");
        Accessibility.assertNoViolations(browser.driver(), "the chat in Bengali");

        choose("হ্যাঁ");
        say("আমি খুব একা থাকি, কোনো বন্ধু নেই");
        for (int turn = 0; turn < 12 && browser.findAll(".wmw-card").isEmpty(); turn++) {
            List<String> options = options();
            String asked = lastBotText();
            if (asked.contains("পোস্টকোড")) {
                say("E1");
            } else if (options.contains("মানুষের সাথে মেলামেশা")) {
                choose("মানুষের সাথে মেলামেশা");
            } else if (options.contains("হ্যাঁ")) {
                choose("হ্যাঁ");
            } else if (options.contains("বাদ দিন")) {
                choose("বাদ দিন");
            } else {
                say("SKIP");
            }
        }
        assertThat(browser.findAll(".wmw-card")).as("activity cards after:\n%s", transcript()).isNotEmpty();
        assertThat(browser.find(".wmw-card .wmw-choose").getText()).startsWith("বেছে নিন");
        Accessibility.assertNoViolations(browser.driver(), "the chat in Bengali showing activity cards");
        assertThat(browser.console()).as("console").noneMatch(line -> line.contains("Uncaught"));
    }

    @Test
    void markupTypedByThePatientShowsAsPlainText() {
        openChat();
        String markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        say(markup);

        assertThat(patientTexts()).contains(markup);
        assertThat(browser.findAll(".wmw-log script, .wmw-log img")).isEmpty();
        boolean alerted;
        try {
            browser.driver().switchTo().alert();
            alerted = true;
        } catch (NoAlertPresentException expected) {
            alerted = false;
        }
        assertThat(alerted).as("a script in a message must never run").isFalse();
    }

    @Test
    void aCrisisReplyIsAnUrgentCardWhoseNumbersCanBeTapped() {
        openChat();
        say("yes");
        say("I want to end my life, I can't go on");
        List<WebElement> urgent = browser.findAll(".wmw-log .wmw-msg--urgent");
        assertThat(urgent).as(transcript()).isNotEmpty();
        assertThat(urgent.get(0).getText()).contains("Urgent help");
        List<String> hrefs = browser.findAll(".wmw-msg--urgent a.wmw-phone").stream()
                .map(a -> a.getAttribute("href")).toList();
        assertThat(hrefs).contains("tel:999", "tel:111", "tel:116123", "sms:85258?body=SHOUT");
        WebElement shout = browser.findAll(".wmw-msg--urgent a.wmw-phone").stream()
                .filter(a -> "sms:85258?body=SHOUT".equals(a.getAttribute("href"))).findFirst().orElseThrow();
        assertThat(shout.getText()).isEqualToIgnoringCase("text SHOUT to 85258");
        // the patient's own words are never turned into links, and an ordinary message is not an urgent card
        assertThat(browser.findAll(".wmw-msg--patient a")).isEmpty();
        assertThat(browser.findAll(".wmw-msg--bot:not(.wmw-msg--urgent)")).isNotEmpty();
        Accessibility.assertNoViolations(browser.driver(), "the chat with an urgent crisis card");
        browser.screenshot("widget-crisis-card");
    }

    @Test
    void linkWorkerRepliesArriveLiveMarkedAsTheLinkWorkers() {
        openChat();
        browser.waitFor("the live feed to open", d -> "open".equals(browser.find(".wmw").getAttribute("data-live")));
        String session = (String) browser.script("return JSON.parse(localStorage.getItem(arguments[0])).id", STORE_KEY);
        PatientChannel webchat = channels.stream().filter(c -> c.channel() == Channel.WEBCHAT).findFirst()
                .orElseThrow();
        String reply = "Hello, I'm Sam, the link worker. <script>alert(1)</script>";

        webchat.deliver(session, "riverside", new OutboundMessage(UUID.randomUUID().toString(), "worker", reply,
                List.of(), List.of(), Instant.now()));

        WebElement worker = browser.waitFor("the link worker's reply", d -> d.findElements(
                By.cssSelector(".wmw-msg--worker")).stream().findFirst().orElse(null));
        assertThat(worker.findElement(By.cssSelector(".wmw-who")).getText()).isEqualTo("Link worker");
        assertThat(worker.findElement(By.cssSelector(".wmw-text")).getText()).isEqualTo(reply);
        assertThat(browser.findAll(".wmw-log script")).isEmpty();
        browser.screenshot("widget-worker-reply");

        browser.find("#wmw-input").sendKeys(Keys.ESCAPE);
        webchat.deliver(session, "riverside", new OutboundMessage(UUID.randomUUID().toString(), "worker",
                "Are you free for a call on Thursday?", List.of(), List.of(), Instant.now()));
        browser.waitFor("the launcher to show a new message", d -> browser.find(".wmw-launcher")
                .getDomProperty("textContent").contains("new message") ? true : null);
        assertThat(browser.find(".wmw-unread").isDisplayed()).isTrue();
    }

    @Test
    void reloadingThePageResumesTheConversation() {
        openChat();
        say(OPENING);
        List<String> before = texts();

        browser.driver().navigate().refresh();
        openChat();
        browser.waitFor("the transcript to come back", d -> texts().size() >= before.size());

        assertThat(texts()).startsWith(before.toArray(String[]::new));
        assertThat(patientTexts()).contains(OPENING);
    }

    @Test
    void aConversationThePracticeNoLongerKnowsStartsAfresh() {
        browser.script("localStorage.setItem(arguments[0], JSON.stringify({id: 'gone-' + Date.now(), token: 'x'}))",
                STORE_KEY);
        browser.driver().navigate().refresh();
        openChat();

        assertThat(browser.find(".wmw-alert").getText()).isEmpty();
        assertThat(browser.findAll(".wmw-msg--bot")).hasSize(1);
        String stored = (String) browser.script("return localStorage.getItem(arguments[0])", STORE_KEY);
        assertThat(stored).doesNotContain("gone-");
    }

    @Test
    void escapeClosesTheChatAndGivesFocusBackToTheLauncher() {
        openChat();
        WebElement input = browser.find("#wmw-input");
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(input);

        input.sendKeys(Keys.ESCAPE);

        assertThat(browser.find("#wmw-panel").isDisplayed()).isFalse();
        WebElement launcher = browser.find(".wmw-launcher");
        assertThat(launcher.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(launcher);
    }

    @Test
    void aTooLongMessageIsRefusedWithoutLosingWhatWasTyped() {
        openChat();
        String longText = "a".repeat(1200);
        browser.script("arguments[0].value = arguments[1]", browser.find("#wmw-input"), longText);
        browser.find(".wmw-send").click();

        WebElement alert = browser.find(".wmw-alert");
        assertThat(alert.getAttribute("role")).isEqualTo("alert");
        assertThat(alert.getText()).contains("Please send a shorter message (up to 1,000 characters)");
        assertThat(browser.find("#wmw-input").getAttribute("value")).isEqualTo(longText);
        assertThat(patientTexts()).isEmpty();
    }

    @Test
    void whenTheNetworkIsDownTheMessageStaysInTheBoxToSendAgain() {
        openChat();
        browser.offline(true);
        WebElement input = browser.find("#wmw-input");
        input.sendKeys("I'd like to join a walking group");
        browser.find(".wmw-send").click();
        settle();

        assertThat(browser.find(".wmw-alert").getText()).containsAnyOf("could not reach", "offline");
        assertThat(input.getAttribute("value")).isEqualTo("I'd like to join a walking group");
        assertThat(patientTexts()).isEmpty();

        browser.offline(false);
        browser.find(".wmw-send").click();
        settle();
        assertThat(browser.find(".wmw-alert").getText()).isEmpty();
        assertThat(patientTexts()).containsExactly("I'd like to join a walking group");
        assertThat(input.getAttribute("value")).isEmpty();
    }

    @Test
    void deletingTheConversationAsksFirstThenForgetsIt() {
        openChat();
        say(OPENING);

        browser.find(".wmw-link").click();
        WebElement confirm = browser.find(".wmw-confirm");
        assertThat(confirm.isDisplayed()).isTrue();
        assertThat(patientTexts()).contains(OPENING);
        Accessibility.assertNoViolations(browser.driver(), "the delete confirmation");

        confirm.findElement(By.xpath(".//button[normalize-space()='Yes, delete it']")).click();
        settle();

        assertThat(patientTexts()).doesNotContain(OPENING);
        assertThat(browser.script("return localStorage.getItem(arguments[0])", STORE_KEY)).isNull();
    }

    @Test
    void chatFitsA320PixelWidePhone() {
        browser.emulatePhone(320, 640);
        browser.open(home());
        openChat();
        say(OPENING);
        browser.screenshot("widget-phone-320");

        Number pageWidth = (Number) browser.script("return document.documentElement.scrollWidth");
        assertThat(pageWidth.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(320);
        for (String part : List.of("#wmw-panel", "#wmw-input", ".wmw-send", ".wmw-close")) {
            WebElement e = browser.find(part);
            assertThat(e.getRect().getX()).as(part).isGreaterThanOrEqualTo(0);
            assertThat(e.getRect().getX() + e.getRect().getWidth()).as(part).isLessThanOrEqualTo(320);
        }
        Accessibility.assertNoViolations(browser.driver(), "the chat on a 320 px phone");
    }

    // ---- a patient's actions

    void openChat() {
        WidgetPatient.openChat(browser);
    }

    void say(String text) {
        WidgetPatient.say(browser, text);
    }

    void choose(String option) {
        browser.findAll(".wmw-reply").stream().filter(b -> b.getText().equals(option)).findFirst()
                .orElseThrow(() -> new AssertionError("no quick reply '" + option + "' in:\n" + transcript()))
                .click();
        settle();
    }

    void settle() {
        WidgetPatient.settle(browser);
    }

    // ---- what the patient sees

    List<WebElement> messages() {
        return browser.findAll(".wmw-log .wmw-msg");
    }

    List<String> texts() {
        return browser.findAll(".wmw-log .wmw-text").stream().map(WebElement::getText).toList();
    }

    List<String> patientTexts() {
        return browser.findAll(".wmw-log .wmw-msg--patient .wmw-text").stream().map(WebElement::getText).toList();
    }

    String lastBotText() {
        List<WebElement> bot = browser.findAll(".wmw-log .wmw-msg:not(.wmw-msg--patient) .wmw-text");
        return bot.isEmpty() ? "" : bot.get(bot.size() - 1).getText();
    }

    List<String> options() {
        return browser.findAll(".wmw-reply").stream().map(WebElement::getText).toList();
    }

    String transcript() {
        return messages().stream().map(WebElement::getText).collect(Collectors.joining("\n---\n"));
    }
}
