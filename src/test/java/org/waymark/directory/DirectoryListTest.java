package org.waymark.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.RealHttp;

import tools.jackson.databind.json.JsonMapper;

/**
 * The directory's list as a link worker uses it over real HTTP: searched by words, need, postcode area and status,
 * in pages, and back in the same place after checking or closing an activity; times typed as people write them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DirectoryListTest {
    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    ServiceStore store;

    RealHttp sam;

    @BeforeEach
    void signIn() {
        sam = new RealHttp(port, json).signedIn("sam", "test-sam-password");
    }

    String page(String path) {
        HttpResponse<String> r = sam.get(path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    String idOf(String name) {
        return store.allCards().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().id();
    }

    /** A new activity of this name, need and postcode, through the form; its id. */
    String added(String name, String need, String postcode) {
        Map<String, String> form = activity(name);
        form.put("needs", need);
        form.put("locations[0].postcode", postcode);
        HttpResponse<String> r = sam.postForm("/workers/directory/new", "/workers/directory", form, "text/html");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return idOf(name);
    }

    @Test
    void wordsNeedAreaAndStatusNarrowTheList() {
        String token = "zq" + UUID.randomUUID().toString().substring(0, 6);
        added(token + " Coffee Morning", "loneliness", "E1 6AN");
        added(token + " Money Clinic", "money", "E14 2DE");

        assertThat(page("/workers/directory?q=" + token)).contains(token + " Coffee Morning")
                .contains(token + " Money Clinic").contains("2 of ");
        String coffee = page("/workers/directory?q=coffee+" + token);
        assertThat(coffee).contains(token + " Coffee Morning").doesNotContain(token + " Money Clinic")
                .containsPattern("1 of \\d+ activities match").contains("value=\"coffee " + token + "\"");
        assertThat(page("/workers/directory?need=money&q=" + token)).contains(token + " Money Clinic")
                .doesNotContain(token + " Coffee Morning");
        assertThat(page("/workers/directory?area=e1&q=" + token)).as("E1 is not E14")
                .contains(token + " Coffee Morning").doesNotContain(token + " Money Clinic");
        assertThat(page("/workers/directory?area=E14&q=" + token)).contains(token + " Money Clinic")
                .doesNotContain(token + " Coffee Morning");
        assertThat(page("/workers/directory?status=inactive&q=" + token)).contains(token + " Money Clinic");
        assertThat(page("/workers/directory?status=defunct&q=" + token)).contains("No activities match");
        assertThat(page("/workers/directory?status=needs-checking&q=" + token)).as("inactive ones need no check")
                .contains("No activities match");
    }

    @Test
    void theListComesInPagesOfTwentyFive() {
        for (int i = store.allCards().size(); i <= 25; i++) {
            added("Paging Club " + UUID.randomUUID().toString().substring(0, 6), "loneliness", "E1 6AN");
        }
        int total = store.allCards().size();
        int pages = (total + 24) / 25;
        String first = page("/workers/directory");
        assertThat(first).contains("Page 1 of " + pages).contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
        assertThat(countRows(first)).isEqualTo(25);
        String second = page("/workers/directory?page=2");
        assertThat(second).contains("Page 2 of").contains("rel=\"prev\"").contains("aria-current=\"page\"");
        assertThat(page("/workers/directory?page=999")).as("past the end: the last page")
                .contains("Page " + pages + " of");
        assertThat(page("/workers/directory?page=x")).contains("Page 1 of");
    }

    @Test
    void afterCheckingOrClosingOneTheWorkerIsBackWhereTheyWere() {
        String token = "zq" + UUID.randomUUID().toString().substring(0, 6);
        String name = token + " Art Club";
        String id = added(name, "arts_creativity", "E3 2AA");
        Map<String, String> back = new LinkedHashMap<>(Map.of("back-q", "art " + token, "back-need", "",
                "back-area", "e3", "back-status", "", "back-page", "1"));

        HttpResponse<String> checked = sam.postForm("/workers/directory", "/workers/directory/" + id
                + "/verify", back, "text/html");

        assertThat(checked.statusCode()).isEqualTo(302);
        assertThat(checked.headers().firstValue("Location").orElse(""))
                .endsWith("/workers/directory?q=art%20" + token + "&area=E3#row-" + id);
        String landed = checked.headers().firstValue("Location").orElseThrow();
        assertThat(page(landed.substring(landed.indexOf("/workers"), landed.indexOf('#'))))
                .as("the browser follows the redirect").contains("Marked " + name + " as checked today")
                .contains("value=\"art " + token + "\"").contains("value=\"E3\"").contains("id=\"row-" + id + "\"");
        Map<String, String> closing = new LinkedHashMap<>(back);
        closing.put("status", "temporarily closed");
        HttpResponse<String> closed = sam.postForm("/workers/directory", "/workers/directory/" + id + "/status",
                closing, "text/html");
        String location = closed.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("q=art%20" + token).endsWith("#row-" + id);
        String after = page(location.substring(location.indexOf("/workers"), location.indexOf('#')));
        assertThat(after).contains(name + " is now temporarily closed").contains("id=\"row-" + id + "\"");
    }

    @Test
    void timesAreTakenAsPeopleWriteThem() {
        assertThat(FormTimes.parse("9:30")).hasValue(LocalTime.of(9, 30));
        assertThat(FormTimes.parse("09:30")).hasValue(LocalTime.of(9, 30));
        assertThat(FormTimes.parse("9.30")).hasValue(LocalTime.of(9, 30));
        assertThat(FormTimes.parse("0930")).hasValue(LocalTime.of(9, 30));
        assertThat(FormTimes.parse("9")).hasValue(LocalTime.of(9, 0));
        assertThat(FormTimes.parse("2pm")).hasValue(LocalTime.of(14, 0));
        assertThat(FormTimes.parse("4:30 PM")).hasValue(LocalTime.of(16, 30));
        assertThat(FormTimes.parse("12am")).hasValue(LocalTime.MIDNIGHT);
        assertThat(FormTimes.parse("12pm")).hasValue(LocalTime.NOON);
        assertThat(FormTimes.parse("noon")).hasValue(LocalTime.NOON);
        assertThat(FormTimes.parse("14:00")).hasValue(LocalTime.of(14, 0));
        assertThat(FormTimes.parse("25:00")).isEmpty();
        assertThat(FormTimes.parse("13pm")).isEmpty();
        assertThat(FormTimes.parse("9:75")).isEmpty();
        assertThat(FormTimes.parse("soon")).isEmpty();

        String name = "Forgiving Times Club " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> form = activity(name);
        form.put("schedules[0].days", "TU");
        form.put("schedules[0].opens", "9:30");
        form.put("schedules[0].closes", "2pm");
        HttpResponse<String> saved = sam.postForm("/workers/directory/new", "/workers/directory", form, "text/html");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        String edit = page("/workers/directory/" + idOf(name) + "/edit");
        assertThat(edit).containsPattern("value=\"09:30(:00)?\"").containsPattern("value=\"14:00(:00)?\"");

        form.put("schedules[0].opens", "half nine");
        HttpResponse<String> bad = sam.postForm("/workers/directory/new", "/workers/directory", form, "text/html");
        assertThat(bad.body()).contains("Enter the start time, like 9:30 or 2pm");
    }

    @Test
    void theFormTakesAPhoneAnEmailAndAWebsiteAndExplainsOnesItCannotRead() {
        String name = "Phone Book Club " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> form = activity(name);
        form.put("phone", "020 7946 0000x");
        form.put("email", "not an address");
        form.put("website", "nowhere");
        HttpResponse<String> bad = sam.postForm("/workers/directory/new", "/workers/directory", form, "text/html");
        assertThat(bad.body()).contains("Enter a phone number like 020 7946 0000")
                .contains("Enter an email address like name@example.org")
                .contains("Enter a website address like www.example.org").contains("value=\"020 7946 0000x\"");

        form.put("phone", "020 7946 0000");
        form.put("email", "hello@bookclub.example.org");
        form.put("website", "www.bookclub.example.org");
        assertThat(sam.postForm("/workers/directory/new", "/workers/directory", form, "text/html").statusCode())
                .isEqualTo(302);
        String id = idOf(name);
        String edit = page("/workers/directory/" + id + "/edit");
        assertThat(edit).contains("value=\"020 7946 0000\"").contains("value=\"hello@bookclub.example.org\"")
                .contains("value=\"https://www.bookclub.example.org\"");
        String oruk = sam.get("/api/directory/services/" + id, null).body();
        assertThat(oruk).contains("\"number\":\"020 7946 0000\"").contains("\"email\":\"hello@bookclub.example.org\"")
                .contains("\"url\":\"https://www.bookclub.example.org\"");
    }

    /**
     * The directory form's fields for a new activity in E1 that helps with loneliness, inactive so that it is never
     * suggested to a patient in another test that shares this Redis.
     */
    private static Map<String, String> activity(String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("organisation", "List Test Org");
        form.put("description", "Made by a test");
        form.put("locations[0].address", "1 Test Street");
        form.put("locations[0].postcode", "E1 6AN");
        form.put("languages", "English");
        form.put("needs", "loneliness");
        form.put("status", "inactive");
        return form;
    }

    private static int countRows(String page) {
        return page.split("id=\"row-", -1).length - 1;
    }
}
