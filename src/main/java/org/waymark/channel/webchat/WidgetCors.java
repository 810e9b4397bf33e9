package org.waymark.channel.webchat;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The widget is embedded on the practice's own website, another origin than Waymark's: its API calls are allowed
 * from the origins in {@code WAYMARK_WIDGET_ORIGINS} (comma-separated; default any). No cookies are involved: the
 * session token travels in a header.
 */
@Configuration(proxyBeanMethods = false)
class WidgetCors {
    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${waymark.webchat.allowed-origins:*}") List<String> origins) {
        CorsConfiguration widget = new CorsConfiguration();
        widget.setAllowedOriginPatterns(origins);
        widget.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        widget.setAllowedHeaders(List.of("Content-Type", "X-Session-Token"));
        widget.setAllowCredentials(false);
        widget.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/webchat/**", widget);
        return source;
    }
}
