package org.waymark.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Open Referral UK's JSON Schemas, as the project took them from the standard (shared/data/oruk/schema, shipped in
 * the jar under {@code directory/oruk/}), checked with com.networknt:json-schema-validator: JSON Schema 2020-12 (the
 * dialect ORUK's OpenAPI names) with formats asserted, so a non-UUID id or a date-time without a zone is an error as
 * the standard means it, not a note. The schemas' own documentation keywords (name, constraints, example, core,
 * datapackage_metadata, ...) are read as annotations.
 */
final class OrukSchemas {
    static final String LOCATION = "classpath:directory/oruk/";
    /**
     * Keywords of ORUK's schema files that document a field and validate nothing; and openapi.json's own top-level
     * fields, for a schema read from inside it.
     */
    private static final List<String> DOCUMENTATION = List.of("name", "path", "datapackage_metadata", "constraints",
            "example", "core", "tabular_required", "datapackage_type", "openapi", "info", "jsonSchemaDialect",
            "paths", "components");
    private static final JsonSchemaFactory FACTORY = factory(Map.of());
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build();
    private static final JsonSchema SERVICE = schema(LOCATION + "service.json");
    private static final JsonSchema SERVICE_LIST = schema(LOCATION + "service_list.json");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One way a document breaks a schema: where (a JSON path such as {@code $.schedules[0].freq}) and how. */
    record Problem(String path, String message) {
    }

    private OrukSchemas() {
    }

    private static JsonSchemaFactory factory(Map<String, String> mappings) {
        JsonMetaSchema.Builder meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012());
        DOCUMENTATION.forEach(k -> meta.keyword(new NonValidationKeyword(k)));
        JsonMetaSchema oruk = meta.build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.metaSchema(oruk).defaultMetaSchemaIri(oruk.getIri()).schemaMappers(m -> m.mappings(mappings)));
    }

    /** A schema by location: {@code classpath:} a file, optionally {@code #/json/pointer} into it. */
    static JsonSchema schema(String location) {
        return schema(FACTORY, location);
    }

    /**
     * A schema by location whose references to other schemas' addresses (such as the standard's own URLs that
     * ORUK's openapi.json gives) are read from the locations they map to instead.
     */
    static JsonSchema schema(String location, Map<String, String> mappings) {
        return schema(factory(mappings), location);
    }

    private static JsonSchema schema(JsonSchemaFactory factory, String location) {
        JsonSchema s = factory.getSchema(SchemaLocation.of(location), CONFIG);
        s.initializeValidators();
        return s;
    }

    /** Every way {@code service} breaks ORUK's service.json (the fully nested service), in document order. */
    static List<Problem> serviceProblems(JsonNode service) {
        return problems(SERVICE, service);
    }

    /** Every way {@code service} breaks ORUK's service_list.json (a service in a paged list). */
    static List<Problem> serviceListProblems(JsonNode service) {
        return problems(SERVICE_LIST, service);
    }

    static List<Problem> problems(JsonSchema schema, JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(JSON.writeValueAsString(document), InputFormat.JSON);
        List<Problem> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            String path = m.getInstanceLocation().toString();
            String text = m.getMessage();
            // the library's message starts with the path; the path is given on its own
            if (text.startsWith(path + ": ")) {
                text = text.substring(path.length() + 2);
            }
            text = text.replace(" pattern must be ", " pattern: must be "); // the library's format messages
            if ("required".equals(m.getType()) && m.getProperty() != null) {
                path = path + "." + m.getProperty(); // the field that is missing, not the object it is missing from
                text = "is required but missing";
            }
            out.add(new Problem(path, text));
        }
        out.sort(Comparator.comparing(Problem::path).thenComparing(Problem::message));
        return out;
    }

    /** The fields service_list.json gives a service in a list (the one-to-one fields), in the schema's order. */
    static Set<String> listFields() {
        return fields(SERVICE_LIST.getSchemaNode().path("properties"));
    }

    /** The fields service_list.json gives the organisation of a service in a list. */
    static Set<String> listOrganizationFields() {
        return fields(SERVICE_LIST.getSchemaNode().path("properties").path("organization").path("properties"));
    }

    /** The one-to-one fields of a location (no addresses, accessibility or attributes), from service.json. */
    static Set<String> locationFields() {
        com.fasterxml.jackson.databind.JsonNode props = SERVICE.getSchemaNode().path("properties")
                .path("service_at_locations").path("items").path("properties").path("location").path("properties");
        Set<String> out = new LinkedHashSet<>();
        props.fieldNames().forEachRemaining(f -> {
            String type = props.path(f).path("type").asText("");
            if (!type.equals("array") && !type.equals("object")) {
                out.add(f);
            }
        });
        return out;
    }

    private static Set<String> fields(com.fasterxml.jackson.databind.JsonNode properties) {
        Set<String> out = new LinkedHashSet<>();
        properties.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
