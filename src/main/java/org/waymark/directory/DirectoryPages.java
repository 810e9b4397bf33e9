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

    record Option(String value, String label) {
    }

    @GetMapping
    String list(Model model) {
        List<Row> rows = store.allCards().stream()
                .map(a -> new Row(a.id(), a.name(), a.organisation(), a.postcode(), a.status(), a.lastVerified(),
                        a.active() && !freshness.isFresh(a.lastVerified())))
                .sorted(Comparator.comparing(Row::stale).reversed()
                        .thenComparing(Row::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("staleCount", rows.stream().filter(Row::stale).count());
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

    @PostMapping("/{id}/verify")
    String verify(@PathVariable String id, RedirectAttributes redirect) {
        Activity a = edits.verify(checked(id)).orElseThrow(DirectoryPages::notFound);
        redirect.addFlashAttribute("message", "Marked " + a.name() + " as checked today");
        return "redirect:/workers/directory";
    }

    @PostMapping("/{id}/status")
    String status(@PathVariable String id, @RequestParam String status, RedirectAttributes redirect) {
        if (!OrukMapping.STATUSES.contains(status)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown status");
        }
        Activity a = edits.setStatus(checked(id), status).orElseThrow(DirectoryPages::notFound);
        redirect.addFlashAttribute("message", a.name() + " is now " + a.status());
        return "redirect:/workers/directory";
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
