package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.waymark.directory.AboutPatient;

class SelfDescriptionTest {
    static AboutPatient heard(String text) {
        return SelfDescription.heard(text, AboutPatient.UNKNOWN);
    }

    @Test
    void hearsWhatPatientsSayOfThemselves() {
        assertThat(heard("I'm a widower and I hardly see anyone").gender()).isEqualTo(AboutPatient.MAN);
        assertThat(heard("im a man, lonely").gender()).isEqualTo(AboutPatient.MAN);
        assertThat(heard("I'm a new mum and I feel so alone")).satisfies(a -> {
            assertThat(a.gender()).isEqualTo(AboutPatient.WOMAN);
            assertThat(a.parent()).isTrue();
        });
        assertThat(heard("I'm 15 and don't have friends").age()).isEqualTo(15);
        assertThat(heard("I am 72 years old").age()).isEqualTo(72);
        assertThat(heard("I look after my dad who has dementia").carer()).isTrue();
    }

    @Test
    void numbersThatAreNotAnAgeAreNotOne() {
        assertThat(heard("I'm 5 minutes from the station").age()).isNull();
        assertThat(heard("I owe 300 pounds").age()).isNull();
        assertThat(heard("free at 10am").age()).isNull();
        assertThat(heard("I'd like to meet people").gender()).isNull();
    }

    @Test
    void laterMessagesAddToWhatWasSaid() {
        AboutPatient first = heard("I'm a widower");
        AboutPatient both = SelfDescription.heard("I'm 80", first);
        assertThat(both.gender()).isEqualTo(AboutPatient.MAN);
        assertThat(both.age()).isEqualTo(80);
    }
}
