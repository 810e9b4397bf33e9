package org.waymark.directory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.JsonSchema;

import tools.jackson.databind.JsonNode;

/**
 * Checks JSON against Open Referral UK's schemas with com.networknt:json-schema-validator (through
 * {@link OrukSchemas}, formats asserted): a service against service.json, and any answer of the API against the
 * schema ORUK's openapi.json gives for that path's 200 answer, with the standard's schema URLs it refers to read
 * from the copies the project holds (shared/data/oruk/schema; test resources directory/oruk/derived/ for the three
 * shared/ does not carry, made from its service_with_definitions.json).
 */
final class OrukSchemaCheck {
    private static final String STANDARD = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/";
    private static final Map<String, String> COPIES = Map.of(
            STANDARD + "compiled/service.json", OrukSchemas.LOCATION + "service.json",
            STANDARD + "compiled/service_list.json", OrukSchemas.LOCATION + "service_list.json",
            STANDARD + "taxonomy.json", OrukSchemas.LOCATION + "derived/taxonomy.json",
            STANDARD + "taxonomy_term.json", OrukSchemas.LOCATION + "derived/taxonomy_term.json",
            STANDARD + "compiled/service_at_location_list.json",
            OrukSchemas.LOCATION + "derived/service_at_location_list.json");
    /** The nine paths of ORUK's openapi.json. */
    static final List<String> PATHS = List.of("/", "/services", "/services/{id}", "/taxonomies", "/taxonomies/{id}",
            "/taxonomy_terms", "/taxonomy_terms/{id}", "/service_at_locations", "/service_at_locations/{id}");
    private static final Map<String, JsonSchema> ANSWERS = new ConcurrentHashMap<>();

    private OrukSchemaCheck() {
    }

    /** Every way {@code service} breaks service.json, each as "path message"; empty when it is valid. */
    static List<String> problems(JsonNode service) {
        return OrukSchemas.serviceProblems(service).stream().map(p -> p.path() + " " + p.message()).toList();
    }

    /** Every way an answer of {@code path} (as openapi.json writes it, e.g. "/services/{id}") breaks its schema. */
    static List<String> answerProblems(String path, JsonNode answer) {
        JsonSchema schema = ANSWERS.computeIfAbsent(path, p -> OrukSchemas.schema(OrukSchemas.LOCATION
                + "openapi.json#/paths/" + pointer(p) + "/get/responses/200/content/application~1json/schema",
                COPIES));
        return OrukSchemas.problems(schema, answer).stream().map(p -> p.path() + " " + p.message()).toList();
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }
}
