package org.waymark.handoff;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import org.waymark.RealHttp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A patient in the web chat, through the widget's real API, for tests that need a real handoff. */
final class WebChatPatient {
    final String sessionId;
    final String token;
    private final MockMvc mvc;
    private final JsonMapper json;

    private WebChatPatient(MockMvc mvc, JsonMapper json, String sessionId, String token) {
        this.mvc = mvc;
        this.json = json;
        this.sessionId = sessionId;
        this.token = token;
    }

    static WebChatPatient start(MockMvc mvc, JsonMapper json) throws Exception {
        String body = mvc.perform(post("/api/webchat/sessions").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andReturn().getResponse().getContentAsString();
        JsonNode n = json.readTree(body);
        return new WebChatPatient(mvc, json, n.get("sessionId").asString(), n.get("token").asString());
    }

    /** Starts a conversation and asks for a person: a routine handoff, waiting. */
    static WebChatPatient askingForAPerson(MockMvc mvc, JsonMapper json) throws Exception {
        WebChatPatient p = start(mvc, json);
        p.says("yes");
        p.says("PERSON");
        return p;
    }

    /** What the bot answers to this message (empty while a link worker has the conversation). */
    List<String> says(String text) throws Exception {
        String body = mvc.perform(post("/api/webchat/sessions/{id}/messages", sessionId)
                        .header("X-Session-Token", token).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(java.util.Map.of("text", text))))
                .andReturn().getResponse().getContentAsString();
        return texts(json.readTree(body).get("messages"));
    }

    List<JsonNode> transcript() throws Exception {
        String body = mvc.perform(get("/api/webchat/sessions/{id}/messages", sessionId)
                .header("X-Session-Token", token)).andReturn().getResponse().getContentAsString();
        List<JsonNode> out = new ArrayList<>();
        json.readTree(body).get("messages").forEach(out::add);
        return out;
    }

    /** How the queue names this patient. */
    String masked() {
        return "web chat " + sessionId.substring(0, 6);
    }

    private static List<String> texts(JsonNode messages) {
        List<String> out = new ArrayList<>();
        if (messages != null) {
            messages.forEach(m -> out.add(m.get("text").asString()));
        }
        return out;
    }

    /** A web chat patient over real HTTP asks for a person: their handoff, waiting. */
    static Handoff askingForAPerson(RealHttp http, Handoffs handoffs) {
        RealHttp.WebChat patient = http.webChat();
        patient.says("yes");
        patient.says("PERSON");
        return handoffs.list(HandoffStatus.WAITING).stream().filter(h -> patient.sessionId.equals(h.address()))
                .findFirst().orElseThrow(() -> new AssertionError("no handoff for the patient"));
    }

    /** This patient's open handoff, waiting or claimed. */
    Handoff openHandoff(Handoffs handoffs) {
        return handoffs.list(HandoffStatus.WAITING).stream().filter(h -> sessionId.equals(h.address()))
                .findFirst().or(() -> handoffs.list(HandoffStatus.CLAIMED).stream()
                        .filter(h -> sessionId.equals(h.address())).findFirst())
                .orElseThrow(() -> new AssertionError("no open handoff for " + masked()));
    }
}
