package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostcodeGeographyTest {
    static final PostcodeGeography GEOGRAPHY = PostcodeGeography.fromClasspath();

    @Test
    void fullPostcodesAndOutwardCodesNormaliseInAnyForm() {
        assertThat(GEOGRAPHY.normalise("e16an")).contains("E1 6AN");
        assertThat(GEOGRAPHY.normalise("E1 6AN")).contains("E1 6AN");
        assertThat(GEOGRAPHY.normalise("  e1   6an ")).contains("E1 6AN");
        assertThat(GEOGRAPHY.normalise("N7")).contains("N7");
        assertThat(GEOGRAPHY.normalise("n7")).contains("N7");
        assertThat(GEOGRAPHY.normalise("ec1v 2nx")).contains("EC1V 2NX");
        assertThat(GEOGRAPHY.normalise("SW1A 1AA")).contains("SW1A 1AA");
    }

    @Test
    void unknownOrMalformedPostcodesAreEmpty() {
        assertThat(GEOGRAPHY.normalise("ZZ9 9ZZ")).isEmpty();
        assertThat(GEOGRAPHY.normalise("hello")).isEmpty();
        assertThat(GEOGRAPHY.normalise("")).isEmpty();
        assertThat(GEOGRAPHY.normalise(null)).isEmpty();
        assertThat(GEOGRAPHY.normalise("E1 6AN extra")).isEmpty();
    }

    @Test
    void outwardCodesPlaceRoughlyWhereTheyAre() {
        PostcodeGeography.Point e1 = GEOGRAPHY.locate("E1 6AN").orElseThrow();
        PostcodeGeography.Point n7 = GEOGRAPHY.locate("N7").orElseThrow();
        assertThat(e1.kmTo(n7)).isBetween(5.0, 8.0);
        assertThat(GEOGRAPHY.locate("ZZ9 9ZZ")).isEmpty();
    }
}
