# Build stage: Maven and a JDK compile and test-free package the app.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY dialogs dialogs
COPY nlp-models nlp-models
RUN mvn -B -q -DskipTests package

# Run stage: a JRE and the jar, as a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 waymark
WORKDIR /app
COPY --from=build /src/target/waymark.jar /app/waymark.jar
COPY --from=build /src/dialogs /app/dialogs
COPY --from=build /src/nlp-models /app/nlp-models
USER waymark
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/waymark.jar"]
