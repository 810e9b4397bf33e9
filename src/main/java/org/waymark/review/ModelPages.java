package org.waymark.review;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import org.waymark.practice.Practices;

/**
 * The models page for administrators ({@code /workers/admin/models}): retrain at the press of a button, every
 * version with its figures before and after and why the gate let it through or refused it, one-click rollback; a
 * clinical safety officer approves a risk change at {@code /workers/models/{version}/approve} (from the review
 * page).
 */
@Controller
class ModelPages {
    private final ModelGate gate;
    private final Practices practices;

    ModelPages(ModelGate gate, Practices practices) {
        this.gate = gate;
        this.practices = practices;
    }

    @GetMapping("/workers/admin/models")
    String page(Model model) {
        model.addAttribute("nav", "review");
        String practice = practices.defaultPractice().id();
        java.util.List<ModelGate.Version> versions = gate.versions(practice);
        model.addAttribute("practice", practices.defaultPractice().name());
        model.addAttribute("active", gate.activeVersion(practice));
        model.addAttribute("versions", versions);
        model.addAttribute("training", versions.stream().anyMatch(ModelGate.Version::training));
        model.addAttribute("categories", ModelApi.categories());
        return "workers/admin/models";
    }

    @PostMapping("/workers/admin/models/retrain")
    String retrain(Authentication who, RedirectAttributes redirect) {
        ModelGate.Version v = gate.startRetrain(practices.defaultPractice().id(), who.getName());
        redirect.addFlashAttribute("notice", "Version " + v.version() + " is being retrained. This page shows the "
                + "gate's answer when it is done.");
        return "redirect:/workers/admin/models";
    }

    @PostMapping("/workers/admin/models/{version}/activate")
    String activate(@PathVariable int version, RedirectAttributes redirect) {
        try {
            gate.rollBack(version);
            redirect.addFlashAttribute("notice", "Version " + version + " is in use.");
        } catch (RuntimeException e) {
            redirect.addFlashAttribute("warning", e.getMessage());
        }
        return "redirect:/workers/admin/models";
    }

    @PostMapping("/workers/models/{version}/approve")
    String approve(@PathVariable int version, Authentication who, RedirectAttributes redirect) {
        try {
            gate.approve(version, who.getName());
            redirect.addFlashAttribute("notice", "Version " + version + " approved and in use.");
        } catch (RuntimeException e) {
            redirect.addFlashAttribute("warning", e.getMessage());
        }
        return "redirect:/workers/review";
    }
}
