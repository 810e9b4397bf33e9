package org.waymark.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {
    @Test
    void threeWaysOfWritingAUkMobileAreOneNumber() {
        for (String form : new String[] {"07700 900123", "+447700900123", "447700900123", " 07700900123 ",
                "+44 (0)7700 900123"}) {
            assertThat(PhoneNumbers.e164(form)).as(form).isEqualTo("+447700900123");
            assertThat(PhoneNumbers.key(form)).as(form).isEqualTo("+447700900123");
        }
        assertThat(PhoneNumbers.same("07700 900123", "447700900123")).isTrue();
        assertThat(PhoneNumbers.same("07700 900123", "07700 900124")).isFalse();
    }

    @Test
    void shownAsAUkCallerDialsItAndMaskedTheSameFromAnyForm() {
        assertThat(PhoneNumbers.display("+447700900123")).isEqualTo("07700 900123");
        assertThat(PhoneNumbers.display("447700900123")).isEqualTo("07700 900123");
        assertThat(PhoneNumbers.masked("07700 900123")).isEqualTo("+44*******123")
                .isEqualTo(PhoneNumbers.masked("+447700900123")).isEqualTo(PhoneNumbers.masked("447700900123"));
        assertThat(PhoneNumbers.display("+33 1 23 45 67 89")).isEqualTo("+33 1 23 45 67 89");
    }

    @Test
    void anInvalidNumberGetsAClearErrorThatDoesNotRepeatIt() {
        assertThatThrownBy(() -> PhoneNumbers.e164("0770 12"))
                .isInstanceOf(PhoneNumbers.InvalidPhoneNumber.class)
                .hasMessageContaining("is not a phone number we can use").hasMessageContaining("07700 900123");
        assertThatThrownBy(() -> PhoneNumbers.e164("not a number")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PhoneNumbers.tryE164("12345")).isEmpty();
        assertThat(PhoneNumbers.possibleE164("0770 12")).as("too short to dial from anywhere").isEmpty();
        assertThat(PhoneNumbers.possibleE164("+447700912345")).as("a possible number libphonenumber does not know")
                .contains("+447700912345");
        assertThat(PhoneNumbers.key(" Twilio ")).as("a sender id that is no number keys as it stands")
                .isEqualTo("Twilio");
    }
}
