package org.waymark.channel.sms;

import java.net.URI;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;

/** Sends through Twilio's Messages API with the Java SDK. */
final class TwilioSender implements SmsSender {
    private final TwilioRestClient client;
    private final TwilioHttpClient http;
    private final SmsSettings settings;

    TwilioSender(SmsSettings settings) {
        this.settings = settings;
        this.http = new TwilioHttpClient(settings.apiBaseUrl(), settings.requestTimeout());
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken()).httpClient(http)
                .build();
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        MessageCreator creator;
        if (settings.messagingServiceSid() != null) {
            creator = Message.creator(new PhoneNumber(sms.to()), settings.messagingServiceSid(), sms.body());
        } else {
            String from = sms.from() != null ? sms.from() : settings.fromNumber();
            if (from == null) {
                return new SendResult.Failed("No sender: set TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID");
            }
            creator = Message.creator(new PhoneNumber(sms.to()), new PhoneNumber(from), sms.body());
        }
        creator.setStatusCallback(URI.create(settings.publicBaseUrl() + "/twilio/status"));
        try {
            Message message = creator.create(client);
            return new SendResult.Sent(message.getSid());
        } catch (ApiException e) {
            // an error page that is not Twilio's JSON leaves the SDK without a status; the response still has one
            Integer status = e.getStatusCode() != null ? e.getStatusCode() : http.lastStatus();
            String reason = "HTTP " + status + (e.getCode() != null ? " code " + e.getCode() : "") + ": "
                    + (e.getCode() != null ? e.getMessage() : "unreadable answer");
            if (status == null || status == 429 || status >= 500) {
                return new SendResult.Retry(reason, status != null && status == 429 ? http.lastRetryAfter() : null);
            }
            return new SendResult.Failed(reason);
        } catch (ApiConnectionException e) {
            return new SendResult.Retry(e.getMessage(), null);
        } catch (RuntimeException e) {
            // an unreadable answer (a proxy's HTML page, say) is treated as an outage, not as a verdict
            return new SendResult.Retry(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }
}
