package org.waymark.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks JSON against the ORUK schema file (copied from shared/data/oruk/schema/service.json) by hand: type,
 * required, enum and the formats it uses (uuid, date-time, email, uri), through properties and items. The schema
 * uses no $ref, oneOf or additionalProperties, so this covers all it says. A library (e.g.
 * com.networknt:json-schema-validator) can replace it once the build carries one.
 */
final class OrukSchemaCheck {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final JsonNode SCHEMA;

    static {
        try (InputStream in = OrukSchemaCheck.class.getResourceAsStream("/directory/oruk-service-schema.json")) {
            SCHEMA = JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OrukSchemaCheck() {
    }

    /** Every way {@code service} breaks the schema, each with its JSON path; empty when it is valid. */
    static List<String> problems(JsonNode service) {
        List<String> out = new ArrayList<>();
        check(SCHEMA, service, "$", out);
        return out;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        String type = schema.path("type").asString("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            out.add(path + " should be " + type + " but is " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                out.add(path + " is " + value + ", not one of " + schema.get("enum"));
            }
        }
        if (value.isString() && schema.has("format")) {
            String v = value.asString();
            String format = schema.get("format").asString();
            try {
                switch (format) {
                    case "uuid" -> {
                        if (!UUID.fromString(v).toString().equalsIgnoreCase(v)) {
                            out.add(path + " is not a uuid: " + v);
                        }
                    }
                    case "date-time" -> OffsetDateTime.parse(v);
                    case "email" -> {
                        if (!EMAIL.matcher(v).matches()) {
                            out.add(path + " is not an email: " + v);
                        }
                    }
                    case "uri" -> {
                        if (!URI.create(v).isAbsolute()) {
                            out.add(path + " is not an absolute uri: " + v);
                        }
                    }
                    default -> { }
                }
            } catch (RuntimeException e) {
                out.add(path + " is not a " + format + ": " + v);
            }
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asString()) || value.get(r.asString()).isNull()) {
                    out.add(path + " lacks required " + r.asString());
                }
            }
            JsonNode props = schema.path("properties");
            for (String name : value.propertyNames()) {
                if (props.has(name) && !value.get(name).isNull()) {
                    check(props.get(name), value.get(name), path + "." + name, out);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }
}
