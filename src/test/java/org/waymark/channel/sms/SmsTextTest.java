package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void curlyQuotesDashesAndEllipsesBecomePlainGsm() {
        String text = SmsText.gsm("\u201CYou\u2019re welcome\u201D \u2013 see you soon\u2026 \u2014 ok");
        assertThat(text).isEqualTo("\"You're welcome\" - see you soon... - ok");
        assertThat(SmsSegments.of(text).encoding()).isEqualTo(SmsSegments.Encoding.GSM_7);
    }

    @Test
    void emojiAreRemovedAndUnknownLettersLoseTheirAccentsOrBecomeQuestionMarks() {
        assertThat(SmsText.gsm("Great \uD83D\uDE00 news \u2764\uFE0F!")).isEqualTo("Great news !");
        assertThat(SmsText.gsm("caf\u00E1 na\u00EFve")).isEqualTo("cafa naive");
        // a text in a script GSM-7 cannot write goes whole, as UCS-2 (a worker's reply goes out as written)
        assertThat(SmsText.gsm("\u0416")).isEqualTo("\u0416");
        assertThat(SmsText.gsm("আমি খুব একা \uD83D\uDE22")).isEqualTo("আমি খুব একা");
        assertThat(SmsSegments.of(SmsText.gsm("র\u200Dযাব")).encoding()).isEqualTo(SmsSegments.Encoding.UCS_2);
        assertThat(SmsText.gsm("র\u200Dযাব")).contains("\u200D"); // the joiner Bengali needs is kept
        assertThat(SmsText.gsm("caf\u00E9 \u00A35")).isEqualTo("caf\u00E9 \u00A35"); // both are GSM-7
    }

    @Test
    void gsmSegmentsCount160Then153AndExtensionCharactersCountTwo() {
        assertThat(SmsSegments.of("").segments()).isZero();
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments(SmsSegments.Encoding.GSM_7, 160, 1));
        assertThat(SmsSegments.of("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
        assertThat(SmsSegments.of("a".repeat(159) + "\u20AC").units()).isEqualTo(161);
        assertThat(SmsSegments.of("a".repeat(159) + "\u20AC").segments()).isEqualTo(2);
        assertThat(SmsSegments.of("[]").units()).isEqualTo(4);
    }

    @Test
    void anyNonGsmCharacterMakesTheTextUcs2With70Then67() {
        assertThat(SmsSegments.of("hi \uD83D\uDE00").encoding()).isEqualTo(SmsSegments.Encoding.UCS_2);
        assertThat(SmsSegments.of("\u0416".repeat(70)).segments()).isEqualTo(1);
        assertThat(SmsSegments.of("\u0416".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("\u0416".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void aLongBotTextIsSplitAtSentencesIntoPiecesOfAtMostTwoSegments() {
        String sentence = "This is a sentence about a walking group that meets on Tuesdays in the park. ";
        String text = sentence.repeat(10).strip();
        List<String> pieces = SmsText.fit(text);
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(pieces).allSatisfy(p -> {
            assertThat(SmsSegments.of(p).segments()).isLessThanOrEqualTo(2);
            assertThat(p).endsWith(".");
        });
        assertThat(String.join(" ", pieces)).isEqualTo(text);
        assertThat(SmsText.fit("short")).containsExactly("short");
        assertThat(SmsText.fit("x".repeat(700))).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(306));
    }

    @Test
    void twimlEscapesXmlAndHasOneMessagePerText() throws Exception {
        String twiml = TwiML.messages(List.of("Fish & chips <b>", "\"Quote\" 'it'", "আমি একা, é, \uD83D\uDE00\nline two",
                "bell\u0007 and nul\u0000 dropped"));
        assertThat(twiml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>")
                .contains("<Message>Fish &amp; chips &lt;b&gt;</Message>").endsWith("</Message></Response>")
                .doesNotContain("<b>").doesNotContain("&#0;").doesNotContain("&#7;");
        // what Twilio reads: one message per text, each exactly the text (less what XML cannot carry)
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(twiml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        org.w3c.dom.NodeList messages = doc.getDocumentElement().getElementsByTagName("Message");
        List<String> read = new java.util.ArrayList<>();
        for (int i = 0; i < messages.getLength(); i++) {
            read.add(messages.item(i).getTextContent());
        }
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("Response");
        assertThat(read).containsExactly("Fish & chips <b>", "\"Quote\" 'it'", "আমি একা, é, \uD83D\uDE00\nline two",
                "bell and nul dropped");
        assertThat(TwiML.messages(List.of())).isEqualTo(TwiML.EMPTY)
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    }

    @Test
    void numbersAreMaskedForLogs() {
        assertThat(PhoneNumbers.masked("+447700900123")).isEqualTo("+44*******123");
        assertThat(PhoneNumbers.masked(null)).isEqualTo("?");
    }

    @Test
    void keywordsAreTwiliosWholeMessageWordsInAnyCaseAndPunctuation() {
        for (String stop : List.of("STOP", "stop", " Stop. ", "Stop!", "\u201cStop\u201d", "STOP\u00a0", "STOPALL",
                "unsubscribe", "Cancel", "END", "quit", "REVOKE", "optout", "...stop?!")) {
            assertThat(Keyword.of(stop)).as(stop).isEqualTo(Keyword.STOP);
        }
        assertThat(Keyword.of("start")).isEqualTo(Keyword.START);
        assertThat(Keyword.of("UNSTOP")).isEqualTo(Keyword.START);
        assertThat(Keyword.of("Yes!")).isEqualTo(Keyword.YES);
        assertThat(Keyword.of("help")).isEqualTo(Keyword.HELP);
        assertThat(Keyword.of("Info?")).isEqualTo(Keyword.HELP);
        for (String words : List.of("please stop the rent increase", "stop texting me please",
                "please stop sending me these", "I can't stop crying", "stop all", "opt out", "FORGET YES",
                "yes please", "end of the month", "STOP \uD83D\uDED1")) {
            assertThat(Keyword.of(words)).as(words).isEqualTo(Keyword.NONE);
        }
    }
}
