package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SmsSettingsTest {
    static final SmsSettings UNSET = new SmsSettings(null, null, null, null, null, null, null, null, null, null);

    @Test
    void withoutCredentialsSmsIsSimulatedWithSafeDefaults() {
        SmsSettings s = UNSET.resolve(new MockEnvironment().withProperty("server.port", "9000"));
        assertThat(s.simulated()).isTrue();
        assertThat(s.apiBaseUrl()).isEqualTo("https://api.twilio.com");
        assertThat(s.publicBaseUrl()).isEqualTo("http://localhost:9000");
        assertThat(s.maxAttempts()).isEqualTo(12);
    }

    @Test
    void twiliosUsualEnvironmentVariablesAreHonoured() {
        SmsSettings s = UNSET.resolve(new MockEnvironment()
                .withProperty("TWILIO_ACCOUNT_SID", "AC1").withProperty("TWILIO_AUTH_TOKEN", "secret")
                .withProperty("TWILIO_FROM_NUMBER", "+447700900123")
                .withProperty("TWILIO_API_BASE_URL", "http://localhost:8089/")
                .withProperty("WAYMARK_PUBLIC_BASE_URL", "https://waymark.example.org/"));
        assertThat(s.simulated()).isFalse();
        assertThat(s.authToken()).isEqualTo("secret");
        assertThat(s.fromNumber()).isEqualTo("+447700900123");
        assertThat(s.apiBaseUrl()).isEqualTo("http://localhost:8089");
        assertThat(s.publicBaseUrl()).isEqualTo("https://waymark.example.org");
    }

    @Test
    void aBlankTokenMeansSimulated() {
        SmsSettings s = UNSET.resolve(new MockEnvironment().withProperty("TWILIO_ACCOUNT_SID", "AC1")
                .withProperty("TWILIO_AUTH_TOKEN", " "));
        assertThat(s.simulated()).isTrue();
    }
}
