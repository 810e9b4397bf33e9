package org.waymark;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@code /actuator/health}: the status for anyone, which part is down only for a signed-in link worker; readiness
 * needs Redis and the directory, liveness needs neither.
 */
@SpringBootTest
@ActiveProfiles("test")
class HealthEndpointTest {
    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void anonymousCallersSeeTheStatusButNoDetails() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
    }

    @Test
    void aSignedInLinkWorkerSeesEachPart() throws Exception {
        mvc.perform(get("/actuator/health").with(httpBasic("admin", "test-admin-password")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.redis.status").value("UP"))
                .andExpect(jsonPath("$.components.redis.details.ping").value("PONG"))
                .andExpect(jsonPath("$.components.directory.status").value("UP"));
        mvc.perform(get("/actuator/health").with(user("lw").roles("WORKER"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.redis.status").value("UP"));
    }

    @Test
    void readinessNeedsRedisAndTheDirectoryAndLivenessNeither() throws Exception {
        mvc.perform(get("/actuator/health/readiness").with(user("lw").roles("WORKER"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.*", Matchers.hasSize(3)))
                .andExpect(jsonPath("$.components.readinessState.status").value("UP"))
                .andExpect(jsonPath("$.components.redis.status").value("UP"))
                .andExpect(jsonPath("$.components.directory.status").value("UP"));
        mvc.perform(get("/actuator/health/liveness").with(user("lw").roles("WORKER"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.*", Matchers.hasSize(1)))
                .andExpect(jsonPath("$.components.livenessState.status").value("UP"));
    }
}
