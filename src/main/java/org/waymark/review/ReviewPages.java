package org.waymark.review;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import org.waymark.nlu.Intents;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.safety.RiskCategory;
import org.waymark.taxonomy.Need;

/**
 * The review page of the dashboard ({@code /workers/review}): the practice's queue, each message with what the bot
 * understood and one-click corrections; and the "the bot got this wrong" button of a thread.
 */
@Controller
@RequestMapping("/workers/review")
class ReviewPages {
    private final ReviewQueue queue;
    private final Practices practices;
    private final ModelGate gate;

    ReviewPages(ReviewQueue queue, Practices practices, ModelGate gate) {
        this.gate = gate;
        this.queue = queue;
        this.practices = practices;
    }

    @GetMapping
    String page(@RequestParam(required = false) String practice, Model model, Authentication who) {
        model.addAttribute("cso", who.getAuthorities().stream().anyMatch(a -> "ROLE_CSO".equals(a.getAuthority())));
        model.addAttribute("awaiting", gate.versions().stream().filter(v -> "awaiting_approval".equals(v.status()))
                .toList());
        Practice p = practice(practice);
        if (p == null) {
            p = practices.defaultPractice();
        }
        model.addAttribute("nav", "review");
        model.addAttribute("practice", p);
        model.addAttribute("practices", practices.all());
        model.addAttribute("items", queue.queue(p.id()));
        model.addAttribute("corrections", queue.correctionsOf(p.id()).values().stream()
                .sorted((a, b) -> b.at().compareTo(a.at())).limit(20).toList());
        model.addAttribute("week", queue.week());
        model.addAttribute("needs", Arrays.asList(Need.values()));
        model.addAttribute("intents", new java.util.TreeSet<>(Intents.ALL));
        model.addAttribute("reasonWords", reasonWords());
        model.addAttribute("categories", Arrays.stream(RiskCategory.values()).map(RiskCategory::code).toList());
        return "workers/review";
    }

    @PostMapping("/{id}")
    String correct(@PathVariable String id, @RequestParam String action,
                   @RequestParam(required = false) List<String> needs,
                   @RequestParam(required = false) String intent,
                   @RequestParam(required = false) String category, @RequestParam(required = false) String level,
                   @RequestParam(required = false) String ownWords, Authentication who,
                   RedirectAttributes redirect) {
        var item = queue.find(id);
        if (item.isEmpty()) {
            redirect.addFlashAttribute("warning", "That message is no longer there (erased or expired).");
            return "redirect:/workers/review";
        }
        String words = ownWords == null || ownWords.isBlank() ? null : ownWords;
        ReviewQueue.Change change = switch (action) {
            case "needs" -> new ReviewQueue.Change(needs == null ? List.of() : needs, null, null, null, null, words);
            case "intent" -> new ReviewQueue.Change(null, intent == null || intent.isBlank() ? "" : intent, null,
                    null, null, words);
            case "risk" -> new ReviewQueue.Change(null, null, blank(category), blank(level), null, words);
            case "not_risk" -> new ReviewQueue.Change(null, null, null, null, true, words);
            default -> new ReviewQueue.Change(null, null, null, null, null, words);
        };
        try {
            queue.correct(item.get(), change, who.getName());
            redirect.addFlashAttribute("notice", "Correction saved: " + switch (action) {
                case "needs" -> "the right needs.";
                case "intent" -> "the right intent.";
                case "risk" -> "this was risk.";
                case "not_risk" -> "not risk.";
                default -> "your own words.";
            });
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("warning", e.getMessage());
            return "redirect:/workers/review?practice=" + item.get().practice() + "#item-" + id;
        }
        return "redirect:/workers/review?practice=" + item.get().practice();
    }

    @PostMapping("/flag")
    String flag(@RequestParam(required = false) String message, @RequestParam(required = false) String handoff,
                Authentication who, RedirectAttributes redirect) {
        boolean flagged = queue.flag(message, who.getName()).isPresent();
        redirect.addFlashAttribute(flagged ? "notice" : "warning", flagged
                ? "Flagged for review: the message is in the review queue."
                : "The bot did not read that message (a link worker had the conversation), so there is nothing "
                + "to correct.");
        return handoff != null && handoff.matches("[A-Za-z0-9-]{1,64}") ? "redirect:/workers/handoffs/" + handoff
                : "redirect:/workers/review";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private Practice practice(String id) {
        return id == null || id.isBlank() ? practices.defaultPractice() : practices.byId(id.strip()).orElse(null);
    }

    static Map<String, String> reasonWords() {
        return Map.of("unsure", "Two weak understandings", "menu", "Needs menu shown", "out_of_scope",
                "Out of scope", "check", "Check question asked", "tempered",
                "Asked instead of a crisis reply (the rules read a crisis, the nets no risk)", "outcome",
                "Closing outcome disagrees", "flagged", "Flagged by a worker");
    }
}
