package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The application context offers one detector and one set of crisis replies, loaded from the shipped files. */
@SpringBootTest
@ActiveProfiles("test")
class SafetyWiringTest {

    @Autowired
    RiskDetector detector;

    @Autowired
    CrisisReplies replies;

    @Test
    void springWiresTheDetectorAndTheReplies() {
        Risk risk = detector.assess("he's hitting me right now");
        assertThat(risk.level()).isEqualTo(RiskLevel.EMERGENCY);
        assertThat(risk.category()).isEqualTo(RiskCategory.ABUSE_SAFEGUARDING);
        assertThat(String.join(" ", replies.reply(risk))).contains("999").contains("0808 2000 247");
        assertThat(replies.stayWithPatient(0)).contains("safe right now");
        assertThat(detector.assess("I could murder a cup of tea")).isEqualTo(Risk.NONE);
    }
}
