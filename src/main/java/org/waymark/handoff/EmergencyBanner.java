package org.waymark.handoff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the number of emergencies waiting on every link worker page ({@code workers/...} views, whichever module
 * renders them), so the layout shows the red banner and marks the page title; dashboard.js keeps both live.
 */
@Configuration(proxyBeanMethods = false)
class EmergencyBanner implements WebMvcConfigurer {
    static final String ATTRIBUTE = "emergencies";

    private final Handoffs handoffs;

    EmergencyBanner(Handoffs handoffs) {
        this.handoffs = handoffs;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                                   ModelAndView mv) {
                String view = mv == null ? null : mv.getViewName();
                if (view != null && view.startsWith("workers/") && !view.contains("::")) {
                    mv.addObject(ATTRIBUTE, handoffs.emergenciesWaiting());
                }
            }
        }).addPathPatterns("/workers/**", "/simulator/**");
    }
}
