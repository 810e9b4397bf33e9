package org.waymark.store;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app's JSON mapper for a record kept in Redis many times over (a session, a review item): a field at its
 * type's default (null, false, 0, an empty list) is left out, and read back as that default. A string or a number
 * in a wrapper is left out only when null, so "" and an age of 0 read back as they were written. Read such a record
 * with the same mapper: a missing {@code boolean} or {@code int} is false or 0 there (Jackson 3 refuses it by
 * default). A session was 817 bytes of JSON one turn in, 325 so.
 */
public final class CompactJson {

    private CompactJson() {
    }

    /**
     * {@code mapper} writing compactly and reading what it wrote. The records written so must read a missing list
     * or nested record as their default (their compact constructors do), since the field is absent.
     */
    public static JsonMapper of(JsonMapper mapper) {
        JsonInclude.Value nonNull = JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null);
        return mapper.rebuild()
                .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_DEFAULT))
                .withConfigOverride(String.class, o -> o.setInclude(nonNull))
                .withConfigOverride(Integer.class, o -> o.setInclude(nonNull))
                .withConfigOverride(Long.class, o -> o.setInclude(nonNull))
                .withConfigOverride(Double.class, o -> o.setInclude(nonNull))
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }
}
