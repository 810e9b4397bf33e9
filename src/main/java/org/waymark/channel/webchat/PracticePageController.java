package org.waymark.channel.webchat;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import org.waymark.practice.Practices;

/** The demo practice website, with the chat widget embedded by its one script tag. */
@Controller
class PracticePageController {
    private final Practices practices;

    PracticePageController(Practices practices) {
        this.practices = practices;
    }

    @GetMapping("/")
    String home(@RequestParam(required = false) String practice, Model model) {
        model.addAttribute("practice", practices.byId(practice).orElse(practices.defaultPractice()));
        return "index";
    }
}
