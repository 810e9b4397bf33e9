package org.waymark.channel.sms;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

import org.waymark.practice.Practices;

/**
 * A phone in the browser, only when SMS is simulated: texts go through the same inbound path as Twilio's webhook
 * (minus the signature), replies and outbox messages land in the phone's thread.
 */
@Controller
class PhoneSimulator {

    private final SmsSetup setup;
    private final SmsInbound inbound;
    private final SmsSender sender;
    private final Practices practices;

    PhoneSimulator(SmsSetup setup, SmsInbound inbound, SmsSender sender, Practices practices) {
        this.setup = setup;
        this.inbound = inbound;
        this.sender = sender;
        this.practices = practices;
    }

    record Text(String from, String to, String text) {
    }

    @GetMapping("/simulator")
    String page(Model model) {
        phone();
        model.addAttribute("practices", practices.all().stream().filter(p -> p.smsNumber() != null).toList());
        model.addAttribute("number", "+447700900" + (100 + (int) (Math.random() * 800)));
        return "simulator";
    }

    @PostMapping("/simulator/api/sms")
    @ResponseBody
    ResponseEntity<?> text(@RequestBody Text text) {
        SimulatedPhone phone = phone();
        java.util.Optional<String> number = org.waymark.messaging.PhoneNumbers.possibleE164(text.from());
        if (number.isEmpty()) {
            return TwilioWebhook.problem(HttpStatus.BAD_REQUEST, "Invalid phone number",
                    "'from' must be a phone number, like 07700 900123 or +447700900123.");
        }
        if (text.text() == null || text.text().isBlank()) {
            return TwilioWebhook.problem(HttpStatus.BAD_REQUEST, "Empty text", "'text' must not be empty.");
        }
        String to = text.to() == null || text.to().isBlank() ? practices.defaultPractice().smsNumber() : text.to();
        if (practices.bySmsNumber(to).isEmpty()) {
            return TwilioWebhook.problem(HttpStatus.BAD_REQUEST, "Unknown practice number",
                    "'to' must be one of the practices' SMS numbers.");
        }
        String from = number.get();
        phone.append(from, "patient", text.text());
        try {
            SmsInbound.Answer answer = inbound.receive(new SmsInbound.Sms("SMsim" + UUID.randomUUID()
                    .toString().replace("-", ""), from, to, text.text(), 0));
            answer.replies().forEach(r -> phone.append(from, "bot", r));
        } catch (IllegalStateException e) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(p);
        }
        return ResponseEntity.ok(phone.thread(from));
    }

    @GetMapping("/simulator/api/sms")
    @ResponseBody
    List<SimulatedPhone.Line> thread(@RequestParam String number) {
        return phone().thread(org.waymark.messaging.PhoneNumbers.key(number));
    }

    private SimulatedPhone phone() {
        if (!setup.simulated() || !(sender instanceof SimulatedPhone phone)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "The phone simulator runs only when SMS is simulated");
        }
        return phone;
    }
}
