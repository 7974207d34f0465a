# One image recipe for the four services; docker-compose.yml builds it once per
# service with the SERVICE build argument, which picks the entry point.
#   docker build --build-arg SERVICE=cases -t jm-cases .
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=intake|cases|notifications|reporting" && false)
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
