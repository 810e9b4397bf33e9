package org.waymark.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.conversation.Conversations;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.nlu.NluByLanguage;
import org.waymark.review.ModelGate;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.UnifiedJedis;

/**
 * Learning from link workers, in a real (headless) browser: a worker corrects a message the bot misread on the
 * review page, an administrator retrains on the models page, the gate shows the figures before and after, and the
 * same message is then understood as corrected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReviewBrowserTest {
    static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    Conversations conversations;
    @Autowired
    NluByLanguage nlus;
    @Autowired
    ModelGate gate;
    @Autowired
    UnifiedJedis redis;

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

    String url(String path) {
        return System.getProperty("waymark.browser.base-url", "http://localhost:" + port) + path;
    }

    @Test
    void aWorkerCorrectsAMisreadMessageAndAfterTheGateItIsUnderstood() {
        try {
            correctRetrainAndSee();
        } finally {
            // the models as shipped again, so the other tests in this JVM read messages as they expect
            gate.rollBack(0);
        }
    }

    private void correctRetrainAndSee() {
        gate.rollBack(0);
        redis.del("wm:review:corrections:riverside");
        String address = "browser-" + UUID.randomUUID();
        String words = "the allotment committee never answers my letters";
        conversations.start(Channel.WEBCHAT, address, null);
        conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, "yes", "m1-" + address));
        var read = conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, words, "m2-" + address));
        // what the bot stored of the turn, for a failure to say why the message was not queued
        java.util.function.Supplier<String> stored = () -> "turn " + read + "; items "
                + redis.keys("wm:review:item:*").stream().map(redis::get)
                .filter(v -> v != null && v.contains(read.sessionId())).toList()
                + "; queue " + redis.zrange("wm:review:queue:riverside", 0, -1);
        assertThat(nlus.forLanguage("en", "riverside").parse(words).needs()).doesNotContain(Need.NATURE_GARDENING);

        WebDriver driver = browser.driver();
        driver.manage().deleteAllCookies();
        browser.open(url("/login"));
        browser.find("#username").sendKeys("admin");
        browser.find("#password").sendKeys("test-admin-password");
        browser.find("button[type=submit]").click();
        browser.waitFor("the queue", d -> d.getCurrentUrl().endsWith("/workers") ? true : null);

        browser.open(url("/workers/review"));
        String id = (String) browser.script("const c = [...document.querySelectorAll('.wm-review-item')]"
                + ".find(c => c.textContent.includes(arguments[0])); return c ? c.dataset.messageId : null;", words);
        assertThat(id).as(() -> "the message the bot was unsure of is in the review queue: " + stored.get()
                + "\n" + driver.getPageSource()).isNotNull();
        assertThat(browser.find("#item-" + id).getText()).contains("web chat " + address.substring(0, 6))
                .doesNotContain(address);
        Accessibility.assertNoViolations(driver, "the review page");
        browser.find("#need-" + id + "-nature_gardening").click();
        browser.script("document.querySelectorAll(arguments[0]).forEach(b => b.checked = false);"
                + "document.getElementById(arguments[1]).checked = true;",
                "#item-" + id + " input[name=needs]", "need-" + id + "-nature_gardening");
        browser.find("#item-" + id + " button[value=needs]").click();
        browser.waitFor("the correction saved", d -> browser.find(".wm-notice").getText()
                .contains("Correction saved") ? true : null);
        assertThat(browser.find("#corrections").getText()).contains(words).contains("nature_gardening");

        browser.open(url("/workers/admin/models"));
        Accessibility.assertNoViolations(driver, "the models page");
        browser.find("#retrain").click();
        browser.waitFor("the retrain under way", d -> d.getCurrentUrl().endsWith("/workers/admin/models")
                && !d.findElements(org.openqa.selenium.By.id("gate-notice")).isEmpty() ? true : null);
        assertThat(browser.find("#gate-notice").getText()).contains("is being retrained");
        // the page asks the API until the retrain is done, then shows the gate's answer in the version's row
        String row = browser.waitFor("the gate's answer", Duration.ofMinutes(6), d -> {
            var rows = d.findElements(org.openqa.selenium.By.cssSelector("#versions tbody tr"));
            String text = rows.isEmpty() ? "" : rows.get(0).getText();
            return text.contains("Passed the gate") ? text : null;
        });
        assertThat(row).as("before and after figures").contains("→").contains("active")
                .contains("Retrained on 1 correction(s)");
        assertThat(browser.find("#active-version").getText()).contains("version " + gate.activeVersion());
        browser.screenshot("models-gate");
        assertThat(nlus.forLanguage("en", "riverside").parse(words).needs()).as("now by the retrained model")
                .containsExactly(Need.NATURE_GARDENING);
        assertThat(nlus.english().parse(words).needs()).as("the models as shipped still misread it")
                .doesNotContain(Need.NATURE_GARDENING);
        String again = "browser-" + UUID.randomUUID();
        conversations.start(Channel.WEBCHAT, again, null);
        conversations.handle(new InboundMessage(Channel.WEBCHAT, again, null, "yes", "m1-" + again));
        var reply = conversations.handle(new InboundMessage(Channel.WEBCHAT, again, null, words, "m2-" + again));
        assertThat(reply.toString()).as("a patient's turn now reads it as a gardening need")
                .containsIgnoringCase("garden");
        browser.open(url("/workers/reports"));
        browser.waitFor("the reports page with the model in use",
                d -> d.findElements(org.openqa.selenium.By.id("model-in-use")).isEmpty() ? null : true);
        assertThat(browser.find("#model-in-use").getText()).contains("Version " + gate.activeVersion())
                .contains("trained by admin");
        gate.rollBack(0);
    }
}
