package org.waymark.channel.sms;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.waymark.conversation.ConversationEvents;
import org.waymark.messaging.Channel;

/**
 * A patient who asked to stop in their own words ("please stop texting me") and then said yes to "do you want us
 * to stop texting you?" is opted out just as one who texts the STOP keyword, so no follow-up or other message
 * reaches them afterwards. The words alone opt no one out: the dialog ends a conversation only after that yes.
 */
@Component
class StopInWords {
    private final OptOuts optOuts;

    StopInWords(OptOuts optOuts) {
        this.optOuts = optOuts;
    }

    @EventListener
    void onStopped(ConversationEvents.Stopped stopped) {
        if (stopped.channel() == Channel.SMS) {
            optOuts.optOut(stopped.address());
        }
    }
}
