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
            System.exit(nlu(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(WaymarkApplication.class, args);
    }

    /** {@code nlu evaluate-risk FILE} needs the safety module, which the NLU's own commands must not reach. */
    private static int nlu(String[] args) {
        if (args.length == 2 && "evaluate-risk".equals(args[0])) {
            org.waymark.nlu.NluCommand.quietLogging();
            try {
                return org.waymark.safety.RiskEvaluation.run(java.nio.file.Path.of(args[1]), System.out);
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("nlu evaluate-risk failed: " + e.getMessage());
                return 1;
            }
        }
        return org.waymark.nlu.NluCommand.run(args);
    }

    /** One clock for the whole app, so tests can move time forward (follow-ups, expiry). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
