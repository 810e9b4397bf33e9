package org.waymark;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WaymarkApplication {
    public static void main(String[] args) {
        if (args.length > 0 && "nlu".equals(args[0])) {
            // Command-line NLU tools: no web app, no Redis.
            System.exit(org.waymark.nlu.NluCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(WaymarkApplication.class, args);
    }

    /** One clock for the whole app, so tests can move time forward (follow-ups, expiry). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
