package org.waymark;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class WaymarkApplication {
    public static void main(String[] args) {
        SpringApplication.run(WaymarkApplication.class, args);
    }
}
