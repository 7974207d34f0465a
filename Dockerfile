# One image recipe for the four services and the console; docker-compose.yml
# builds it once per service with the SERVICE build argument, which picks the
# entry point. The image holds the console's built web app (dist/console-web).
#   docker build --build-arg SERVICE=cases -t jm-cases .
# The target federation-provision is the federation profile's provisioning tool.
FROM node:20-bookworm AS sources
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.json ./
COPY libs ./libs
COPY services ./services
COPY config ./config
COPY scripts ./scripts

# The federation profile's one-shot provisioning (docker-compose.yml, docs/federation.md): the repository's own
# CLI, with a Java runtime and the broker's jars for Kafka's ConfigCommand (SCRAM credentials; kafkajs cannot set them).
FROM sources AS federation-provision
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless && rm -rf /var/lib/apt/lists/*
COPY --from=apache/kafka:4.1.0 /opt/kafka/libs /opt/kafka/libs
CMD ["npm", "run", "federation", "--", "provision", "--all", "--kafka-lib", "/opt/kafka/libs"]

FROM sources AS build
# The web app's API types come from the services' OpenAPI documents, so a contract change fails this build.
RUN npx tsc -p tsconfig.build.json && node scripts/console-web.js build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=intake|cases|notifications|reporting|console" && false)
ENV NODE_ENV=production SERVICE=${SERVICE} HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY scripts/register-paths.js ./scripts/register-paths.js
# Read at boot: the agency registry and the routing rules (AGENCY_REGISTRY_PATH, ROUTING_RULES_PATH).
COPY config ./config
# Writable by the service user: intake's evidence files (EVIDENCE_DIR) live here unless a volume is mounted.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
# exec: node is PID 1's only child-free process, so SIGTERM from `docker stop` reaches it directly.
CMD ["sh", "-c", "exec node -r ./scripts/register-paths.js dist/services/${SERVICE}/src/main.js"]
