package org.waymark.directory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

/** Link worker pages to keep the directory true: list with freshness, add, edit, verify and close. */
@Controller
@RequestMapping("/workers/directory")
class DirectoryPages {
    private static final String LIST = "workers/directory/list";
    private static final String FORM = "workers/directory/form";
    static final String ADD_SCHEDULE = "add-schedule";
    static final String ADD_LOCATION = "add-location";

    private final ServiceStore store;
    private final ServiceEdits edits;
    private final Freshness freshness;
    private final PostcodeGeography geography;

    DirectoryPages(ServiceStore store, ServiceEdits edits, Freshness freshness, PostcodeGeography geography) {
        this.store = store;
        this.edits = edits;
        this.freshness = freshness;
        this.geography = geography;
    }

    /** One row of the list. */
    record Row(String id, String name, String organisation, String postcode, String status, LocalDate lastVerified,
               boolean stale) {
    }

    /** Rows on one page of the list. */
    static final int PAGE_SIZE = 25;
    /** The status filter's extra choice: active ones not checked for too long. */
    static final String NEEDS_CHECKING = "needs-checking";

    /**
     * Which part of the list is shown: words in the name, organisation or description, a need, a postcode area
     * (outward code, "E1": not E14), a status or {@link #NEEDS_CHECKING}, and the page. Posted back by every action
     * on the list, so the worker lands where they were.
     */
    record Place(String q, String need, String area, String status, int page) {
        static Place of(String q, String need, String area, String status, Integer page) {
            return new Place(clean(q), clean(need), clean(area).toUpperCase(Locale.UK), clean(status),
                    page == null || page < 1 ? 1 : page);
        }

        private static String clean(String s) {
            return s == null ? "" : s.strip();
        }

        boolean narrowed() {
            return !q.isEmpty() || !need.isEmpty() || !area.isEmpty() || !status.isEmpty();
        }

        Place onPage(int p) {
            return new Place(q, need, area, status, p);
        }

        /** The list's address for this place, every value encoded. */
        String url() {
            org.springframework.web.util.UriComponentsBuilder b = org.springframework.web.util.UriComponentsBuilder
                    .fromPath("/workers/directory");
            if (!q.isEmpty()) {
                b.queryParam("q", q);
            }
            if (!need.isEmpty()) {
                b.queryParam("need", need);
            }
            if (!area.isEmpty()) {
                b.queryParam("area", area);
            }
            if (!status.isEmpty()) {
                b.queryParam("status", status);
            }
            if (page > 1) {
                b.queryParam("page", page);
            }
            return b.encode().build().toUriString();
        }

        boolean matches(Row r, Activity a) {
            if (!need.isEmpty() && a.needs().stream().noneMatch(n -> n.code().equals(need))) {
                return false;
            }
            if (!area.isEmpty()) {
                String pc = a.postcode() == null ? "" : a.postcode().strip().toUpperCase(Locale.UK);
                String outward = pc.contains(" ") ? pc.substring(0, pc.indexOf(' '))
                        : pc.length() > 3 ? pc.substring(0, pc.length() - 3) : pc;
                if (!outward.equals(area) && !pc.replace(" ", "").equals(area.replace(" ", ""))) {
                    return false;
                }
            }
            if (NEEDS_CHECKING.equals(status) ? !r.stale() : !status.isEmpty() && !status.equals(r.status())) {
                return false;
            }
            if (q.isEmpty()) {
                return true;
            }
            String text = (a.name() + " " + a.organisation() + " " + (a.description() == null ? "" : a.description()))
                    .toLowerCase(Locale.UK);
            return java.util.Arrays.stream(q.toLowerCase(Locale.UK).split("\\s+")).allMatch(text::contains);
        }
    }

    /** A page link: its number and address. */
    record PageLink(int number, String url, boolean current) {
    }

    record Option(String value, String label) {
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String need,
                @RequestParam(required = false) String area, @RequestParam(required = false) String status,
                @RequestParam(required = false) String page, Model model) {
        Integer pageNumber;
        try {
            pageNumber = page == null || page.isBlank() ? 1 : Integer.valueOf(page.strip());
        } catch (NumberFormatException e) {
            pageNumber = 1;
        }
        Place place = Place.of(q, need, area, status, pageNumber);
        List<Row> all = new java.util.ArrayList<>();
        List<Row> matching = new java.util.ArrayList<>();
        store.allCards().stream()
                .sorted(Comparator.comparing((Activity a) -> a.active() && !freshness.isFresh(a.lastVerified()))
                        .reversed().thenComparing(Activity::name, String.CASE_INSENSITIVE_ORDER))
                .forEach(a -> {
                    Row r = new Row(a.id(), a.name(), a.organisation(), a.postcode(), a.status(), a.lastVerified(),
                            a.active() && !freshness.isFresh(a.lastVerified()));
                    all.add(r);
                    if (place.matches(r, a)) {
                        matching.add(r);
                    }
                });
        int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        Place shown = place.page() > pages ? place.onPage(pages) : place;
        int from = (shown.page() - 1) * PAGE_SIZE;
        List<Row> rows = matching.subList(Math.min(from, matching.size()),
                Math.min(from + PAGE_SIZE, matching.size()));
        model.addAttribute("rows", rows);
        model.addAttribute("matching", matching.size());
        model.addAttribute("total", all.size());
        model.addAttribute("place", shown);
        model.addAttribute("narrowed", shown.narrowed());
        model.addAttribute("pages", pages);
        model.addAttribute("pageLinks", java.util.stream.IntStream.rangeClosed(1, pages)
                .mapToObj(n -> new PageLink(n, shown.onPage(n).url(), n == shown.page())).toList());
        model.addAttribute("previous", shown.page() > 1 ? shown.onPage(shown.page() - 1).url() : null);
        model.addAttribute("next", shown.page() < pages ? shown.onPage(shown.page() + 1).url() : null);
        model.addAttribute("needs", Arrays.stream(Need.values())
                .map(n -> new Option(n.code(), n.plainWords())).toList());
        List<Option> filters = new java.util.ArrayList<>(statuses());
        filters.add(new Option(NEEDS_CHECKING, "Needs checking"));
        model.addAttribute("statusFilters", filters);
        model.addAttribute("staleCount", all.stream().filter(Row::stale).count());
        model.addAttribute("verifyAfterDays", freshness.verifyAfterDays());
        model.addAttribute("statuses", statuses());
        model.addAttribute("nav", "directory");
        return LIST;
    }

    @GetMapping("/new")
    String newService(Model model) {
        return form(model, ServiceForm.empty(), null, List.of(), null);
    }

    /**
     * Saves a new activity, or (with {@code action} "add-schedule" or "add-location", the form's "Add another"
     * buttons) shows the form again with an empty row added.
     */
    @PostMapping
    String create(@ModelAttribute ServiceForm form, @RequestParam(required = false) String action, Model model,
                  RedirectAttributes redirect) {
        if (ADD_SCHEDULE.equals(action) || ADD_LOCATION.equals(action)) {
            return grown(model, form, action, null);
        }
        List<ServiceForm.Problem> problems = form.problems(geography);
        if (!problems.isEmpty()) {
            return form(model, form, null, problems, null);
        }
        Activity a = edits.create(form);
        redirect.addFlashAttribute("message", "Added " + a.name());
        return "redirect:/workers/directory";
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable String id, Model model) {
        ServiceForm form = edits.formOf(store.service(checked(id)).orElseThrow(DirectoryPages::notFound));
        return form(model, form, id, List.of(), null);
    }

    @PostMapping("/{id}")
    String update(@PathVariable String id, @ModelAttribute ServiceForm form,
                  @RequestParam(required = false) String action, Model model, RedirectAttributes redirect) {
        checked(id);
        if (ADD_SCHEDULE.equals(action) || ADD_LOCATION.equals(action)) {
            return grown(model, form, action, id);
        }
        List<ServiceForm.Problem> problems = form.problems(geography);
        if (!problems.isEmpty()) {
            return form(model, form, id, problems, null);
        }
        Activity a = edits.update(id, form).orElseThrow(DirectoryPages::notFound);
        redirect.addFlashAttribute("message", "Saved " + a.name());
        return "redirect:/workers/directory";
    }

    /** The list's place as a form on it posted it back ({@code back-q}, ...), to return the worker there. */
    private static String back(java.util.Map<String, String> fields, String id) {
        Integer page;
        try {
            page = Integer.valueOf(fields.getOrDefault("back-page", "1").strip());
        } catch (NumberFormatException e) {
            page = 1;
        }
        return "redirect:" + Place.of(fields.get("back-q"), fields.get("back-need"), fields.get("back-area"),
                fields.get("back-status"), page).url() + "#row-" + id;
    }

    @PostMapping("/{id}/verify")
    String verify(@PathVariable String id, @RequestParam java.util.Map<String, String> fields,
                  RedirectAttributes redirect) {
        Activity a = edits.verify(checked(id)).orElseThrow(DirectoryPages::notFound);
        redirect.addFlashAttribute("message", "Marked " + a.name() + " as checked today");
        return back(fields, id);
    }

    @PostMapping("/{id}/status")
    String status(@PathVariable String id, @RequestParam String status,
                  @RequestParam java.util.Map<String, String> fields, RedirectAttributes redirect) {
        if (!OrukMapping.STATUSES.contains(status)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown status");
        }
        Activity a = edits.setStatus(checked(id), status).orElseThrow(DirectoryPages::notFound);
        redirect.addFlashAttribute("message", a.name() + " is now " + a.status());
        return back(fields, id);
    }

    /** The form again with one more empty time or place, focus on its first field. */
    private String grown(Model model, ServiceForm form, String action, String id) {
        boolean schedule = ADD_SCHEDULE.equals(action);
        int rows = schedule ? form.schedules().size() : form.locations().size();
        if (rows >= ServiceForm.MAX_ROWS) {
            return form(model, form, id, List.of(new ServiceForm.Problem(schedule ? "add-schedule" : "add-location",
                    "An activity can have at most " + ServiceForm.MAX_ROWS + (schedule ? " times" : " places"))),
                    null);
        }
        ServiceForm grown = schedule ? form.withAnotherSchedule() : form.withAnotherLocation();
        return form(model, grown, id, List.of(), (schedule ? "schedule-" : "location-") + rows
                + (schedule ? "-days" : "-name"));
    }

    private String form(Model model, ServiceForm form, String id, List<ServiceForm.Problem> problems,
                        String focus) {
        model.addAttribute("nav", "directory");
        model.addAttribute("form", form);
        model.addAttribute("id", id);
        model.addAttribute("problems", problems);
        model.addAttribute("problemFields", problems.stream().map(ServiceForm.Problem::field).toList());
        model.addAttribute("errors", ServiceForm.byField(problems));
        model.addAttribute("focus", focus);
        model.addAttribute("unshown", id == null ? new ServiceEdits.Unshown(0, 0)
                : store.service(id).map(ServiceEdits::unshown).orElse(new ServiceEdits.Unshown(0, 0)));
        model.addAttribute("days", Arrays.stream(DayOfWeek.values())
                .map(d -> new Option(Availability.codeOf(d), d.getDisplayName(TextStyle.FULL, Locale.UK))).toList());
        model.addAttribute("frequencies", List.of(new Option(ServiceForm.WEEKLY, "Every week"),
                new Option(ServiceForm.FORTNIGHTLY, "Every other week"),
                new Option(ServiceForm.MONTHLY, "Only some weeks of the month")));
        model.addAttribute("weeks", List.of(new Option("1", "First"), new Option("2", "Second"),
                new Option("3", "Third"), new Option("4", "Fourth"), new Option("-1", "Last")));
        model.addAttribute("needs", Arrays.stream(Need.values())
                .map(n -> new Option(n.code(), n.plainWords())).toList());
        model.addAttribute("statuses", statuses());
        return FORM;
    }

    private static List<Option> statuses() {
        return List.of(new Option("active", "Active"), new Option("temporarily closed", "Temporarily closed"),
                new Option("inactive", "Inactive"), new Option("defunct", "Closed for good (defunct)"));
    }

    private static String checked(String id) {
        if (!OrukMapping.ID.matcher(id).matches()) {
            throw notFound();
        }
        return id;
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such service");
    }
}
