package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import opennlp.tools.doccat.DoccatModel;
import org.junit.jupiter.api.Test;

/** The same risk lines trained twice give the same bytes, so an unchanged retrain leaves the committed files alone. */
class StableZipTest {

    private static final List<String> LINES = List.of(
            "none I went for a walk by the river today",
            "none the lunch club was lovely and warm",
            "none can you find me a choir near me",
            "suicide_self_harm:urgent I want to end my life",
            "suicide_self_harm:urgent I have been thinking about killing myself",
            "abuse_safeguarding:urgent my partner hits me when he drinks",
            "abuse_safeguarding:urgent he takes my money and will not let me see my friends");

    @Test
    void theSameLinesTrainedTwiceGiveTheSameBytesAndReadBackAsTheModelThatWasTrained() throws Exception {
        TextNormaliser normaliser = new TextNormaliser();
        RiskModel first = RiskModel.train(LINES, normaliser, 0.5);
        Thread.sleep(5); // OpenNLP's manifest says when, to the millisecond
        RiskModel second = RiskModel.train(LINES, normaliser, 0.5);
        byte[] bytes = first.bytes();
        assertThat(second.bytes()).isEqualTo(bytes);

        String manifest = entry(bytes, "manifest.properties");
        assertThat(manifest).contains("Timestamp=0").doesNotContain("#").contains("Component-Name=");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                assertThat(e.getTimeLocal().getYear()).as(e.getName()).isEqualTo(1980);
            }
        }
        RiskModel back = RiskModel.read(bytes, 0.5);
        String risky = normaliser.normalise("i want to end my life");
        assertThat(back.predict(risky)).isEqualTo(first.predict(risky));
        assertThat(back.predict(risky).category()).isEqualTo(RiskCategory.SUICIDE_SELF_HARM);
        // the same model read back writes the same bytes again
        assertThat(back.bytes()).isEqualTo(bytes);
        // and OpenNLP itself reads them
        assertThat(new DoccatModel(new ByteArrayInputStream(bytes)).getLanguage()).isEqualTo("en");
    }

    private static String entry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    return out.toString(StandardCharsets.ISO_8859_1);
                }
            }
        }
        throw new AssertionError("no " + name + " in the model");
    }
}
