package org.waymark.handoff;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import org.waymark.practice.Practice;
import org.waymark.practice.Practices;

/**
 * The administrators' page for a practice's saved replies: add, change and delete. Every form posts, then
 * redirects back to the practice's list, to the reply just changed.
 */
@Controller
@RequestMapping("/workers/admin/canned-replies")
class CannedReplyPages {
    private final CannedReplies replies;
    private final Practices practices;
    private final Handoffs handoffs;

    CannedReplyPages(CannedReplies replies, Practices practices, Handoffs handoffs) {
        this.replies = replies;
        this.practices = practices;
        this.handoffs = handoffs;
    }

    @GetMapping
    String list(@RequestParam(required = false) String practice, Model model, HttpServletResponse response) {
        Practice p = practice(practice);
        if (p == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("nav", "queue");
            return "workers/not-found";
        }
        return view(p, model, null, "", "", Map.of());
    }

    @PostMapping
    String add(@RequestParam(required = false) String practice, @RequestParam(required = false) String title,
               @RequestParam(required = false) String text, Model model, Authentication who,
               RedirectAttributes redirect, HttpServletResponse response) {
        Practice p = practice(practice);
        if (p == null) {
            return "redirect:/workers/admin/canned-replies";
        }
        Map<String, String> problems = CannedReplies.problems(title, text);
        if (!problems.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return view(p, model, null, title, text, problems);
        }
        try {
            CannedReplies.CannedReply r = replies.save(p.id(), null, title, text);
            handoffs.recordAdmin(who.getName(), "saved reply added", r.title());
            redirect.addFlashAttribute("notice", "Saved reply \"" + r.title() + "\" added.");
        } catch (Refusal r) {
            redirect.addFlashAttribute("warning", r.getMessage());
        }
        return "redirect:/workers/admin/canned-replies?practice=" + p.id();
    }

    @PostMapping("/{id}")
    String change(@PathVariable String id, @RequestParam(required = false) String practice,
                  @RequestParam(required = false) String title, @RequestParam(required = false) String text,
                  Model model, Authentication who, RedirectAttributes redirect, HttpServletResponse response) {
        Practice p = practice(practice);
        if (p == null || replies.find(p.id(), id).isEmpty()) {
            redirect.addFlashAttribute("warning", "That saved reply is no longer there.");
            return "redirect:/workers/admin/canned-replies" + (p == null ? "" : "?practice=" + p.id());
        }
        Map<String, String> problems = CannedReplies.problems(title, text);
        if (!problems.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return view(p, model, id, title, text, problems);
        }
        CannedReplies.CannedReply r = replies.save(p.id(), id, title, text);
        handoffs.recordAdmin(who.getName(), "saved reply changed", r.title());
        redirect.addFlashAttribute("notice", "Saved reply \"" + r.title() + "\" changed.");
        return "redirect:/workers/admin/canned-replies?practice=" + p.id() + "#reply-" + id;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable String id, @RequestParam(required = false) String practice, Authentication who,
                  RedirectAttributes redirect) {
        Practice p = practice(practice);
        if (p != null) {
            replies.find(p.id(), id).ifPresent(r -> {
                replies.delete(p.id(), id);
                handoffs.recordAdmin(who.getName(), "saved reply deleted", r.title());
                redirect.addFlashAttribute("notice", "Saved reply \"" + r.title() + "\" deleted.");
            });
        }
        return "redirect:/workers/admin/canned-replies" + (p == null ? "" : "?practice=" + p.id());
    }

    private Practice practice(String id) {
        return id == null || id.isBlank() ? practices.defaultPractice() : practices.byId(id.strip()).orElse(null);
    }

    /** {@code editing}: the reply whose form shows the values and problems given, or null for the add form. */
    private String view(Practice p, Model model, String editing, String title, String text,
                        Map<String, String> problems) {
        model.addAttribute("practice", p);
        model.addAttribute("practices", practices.all());
        model.addAttribute("replies", replies.of(p.id()));
        model.addAttribute("editing", editing);
        model.addAttribute("title", title == null ? "" : title);
        model.addAttribute("text", text == null ? "" : text);
        model.addAttribute("problems", problems);
        model.addAttribute("maxTitle", CannedReplies.MAX_TITLE);
        model.addAttribute("maxText", Desk.MAX_REPLY);
        model.addAttribute("nav", "queue");
        return "workers/admin/canned-replies";
    }
}
