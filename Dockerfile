# Waymark in a container (README, "Metrics, logs and containers"). `docker build -t waymark .`, then
# `docker run -p 8080:8080 -v waymark-data:/app/data waymark`: with no REDIS_URL the app starts its embedded Redis
# with data under /app/data; docker-compose.yml runs it beside a real Redis.

# Build stage: Maven and a JDK package the app (tests are the CI's job, not the image's).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src/main src/main
COPY dialogs dialogs
COPY nlp-models nlp-models
RUN mvn -B -q -Dmaven.test.skip=true package

# Layers stage: Spring Boot's own split of the jar (dependencies, loader, snapshots, the application), so a rebuild
# after a code change ships only the small application layer and the 300 MB of libraries stay cached.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /layers
COPY --from=build /src/target/waymark.jar waymark.jar
RUN java -Djarmode=tools -jar waymark.jar extract --layers --destination extracted

# Run stage: a JRE, the layers, a non-root user and one writable folder.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home waymark \
    && mkdir -p /app/data \
    && chown waymark:waymark /app/data
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# The embedded Redis's append-only file and the SMS spool (kept while Redis is down) live here; with REDIS_URL set
# only the spool does. Everything else in /app is read-only to the app's user. The embedded Redis unpacks its binary
# under /tmp, so a read-only root filesystem needs a tmpfs there.
ENV WAYMARK_DATA_DIR=/app/data
VOLUME /app/data
USER waymark
EXPOSE 8080
# Readiness: Redis answers and the directory is loaded. bash's /dev/tcp: the check needs no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} \
    && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200 "'
# exec form: java is PID 1 and gets docker stop's SIGTERM itself, so the web server drains, then Redis stops
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/waymark.jar"]
