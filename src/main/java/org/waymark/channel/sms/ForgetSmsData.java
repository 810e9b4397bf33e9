package org.waymark.channel.sms;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.waymark.conversation.ConversationEvents;
import org.waymark.messaging.Channel;
import org.waymark.store.ClusterKeys;

import redis.clients.jedis.UnifiedJedis;

/**
 * When a patient's data is erased, the SMS channel's own records go too: the texts sent to their number, the
 * segment counts of every one of their sessions and the simulator's thread. The opt-out stays, so a STOP is still
 * honoured afterwards.
 */
@Component
class ForgetSmsData {
    private final UnifiedJedis redis;
    private final SmsKeys keys = SmsKeys.DEFAULT;

    ForgetSmsData(UnifiedJedis redis) {
        this.redis = redis;
    }

    @EventListener
    void onForgotten(ConversationEvents.Forgotten forgotten) {
        if (forgotten.channel() != Channel.SMS) {
            return;
        }
        String number = forgotten.address();
        List<String> doomed = new ArrayList<>();
        forgotten.sessionIds().forEach(id -> doomed.add(keys.segments(id)));
        doomed.add(keys.simulatorThread(number));
        // Erasure is rare, so a scan of the delivery log is affordable; each record names the number it went to.
        for (String key : ClusterKeys.scan(redis, keys.message("*"))) {
            if (number.equals(redis.hget(key, "to"))) {
                String twilioSid = redis.hget(key, "twilioSid");
                doomed.add(key);
                if (twilioSid != null) {
                    doomed.add(keys.twilioSid(twilioSid));
                }
                redis.zrem(keys.failed(), key.substring(keys.message("").length()));
            }
        }
        ClusterKeys.delete(redis, doomed); // on a cluster these keys lie in several slots
    }
}
