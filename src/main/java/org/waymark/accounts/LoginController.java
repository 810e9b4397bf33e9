package org.waymark.accounts;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {
    @GetMapping("/login")
    String login(@RequestParam(required = false) String locked, Model model) {
        if (locked != null) {
            model.addAttribute("lockedMessage", lockedMessage(locked));
        }
        return "login";
    }

    /** Only a number of minutes from the link is shown, so a crafted link cannot put words on the page. */
    static String lockedMessage(String minutes) {
        int m;
        try {
            m = Integer.parseInt(minutes.strip());
        } catch (NumberFormatException e) {
            m = -1;
        }
        if (m < 1 || m > 24 * 60) {
            return "Too many attempts. Try again later.";
        }
        return "Too many attempts. Try again in " + m + (m == 1 ? " minute." : " minutes.");
    }
}
